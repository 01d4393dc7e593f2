/** Writes schema/experiment.schema.json from the zod schema. A test checks that the committed file is current. */
import { writeFileSync } from "node:fs";
import { experimentJsonSchema } from "../src/validate/json-schema.js";

writeFileSync(new URL("../schema/experiment.schema.json", import.meta.url), `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`);
