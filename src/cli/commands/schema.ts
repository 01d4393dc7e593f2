import type { CommandModule } from "yargs";
import { experimentJsonSchema } from "../../validate/json-schema.js";

export const schemaCommand: CommandModule = {
  command: "schema",
  describe: "Print the JSON Schema of experiment files",
  builder: (y) => y.example("$0 schema > experiment.schema.json", "For editors: point a YAML file's $schema line at it"),
  handler: () => {
    process.stdout.write(`${JSON.stringify(experimentJsonSchema(), null, 2)}\n`);
  },
};
