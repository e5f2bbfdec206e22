// validate.mjs - checks an OpenAPI document with a real validator; used by the test suite.
// usage: node validate.mjs FILE
import { readFile } from "node:fs/promises";
import { Validator } from "@seriousme/openapi-schema-validator";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs FILE");
  process.exit(2);
}
const doc = JSON.parse(await readFile(file, "utf8"));
if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1.")) {
  console.error(`openapi: ${file} is OpenAPI ${doc.openapi}, not 3.1.x`);
  process.exit(1);
}
const validator = new Validator();
const res = await validator.validate(doc);
if (!res.valid) {
  console.error(`openapi: ${file} is not a valid OpenAPI ${doc.openapi} document:`);
  console.error(JSON.stringify(res.errors, null, 2));
  process.exit(1);
}
// every $ref must resolve too
try {
  await validator.resolveRefs();
} catch (e) {
  console.error(`openapi: ${file}: unresolvable $ref: ${e.message}`);
  process.exit(1);
}
console.log(`openapi: ${file} is a valid OpenAPI ${validator.version} document`);
