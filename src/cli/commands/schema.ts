import type { CommandModule } from "yargs";
import { experimentJsonSchema } from "../../validate/json-schema.js";

export const schemaCommand: CommandModule = {
  command: "schema",
  describe: "Print the JSON Schema of experiment files",
  handler: () => {
    process.stdout.write(`${JSON.stringify(experimentJsonSchema(), null, 2)}\n`);
  },
};
