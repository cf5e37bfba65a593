// Build the front-end assets into src/cme/static/build/ (git-ignored).
// GOV.UK Frontend and MoJ Frontend are compiled from Sass with Arial, and their
// scripts and images copied, so that no page loads anything from another site.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/cme/static/build");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
const moj = join(root, "node_modules/@ministryofjustice/frontend/moj");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "govuk"), { recursive: true });
mkdirSync(join(out, "moj"), { recursive: true });

const result = sass.compile(join(root, "assets/scss/app.scss"), {
  loadPaths: [root, join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
});
if (result.css.includes("GDS Transport")) {
  throw new Error("GDS Transport is licensed for gov.uk only: the build must use Arial");
}
writeFileSync(join(out, "app.css"), result.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk/govuk-frontend.min.js"));
cpSync(join(govuk, "assets/images"), join(out, "govuk/assets/images"), { recursive: true });
cpSync(join(govuk, "assets/manifest.json"), join(out, "govuk/assets/manifest.json"));
// MoJ component icons live beside the GOV.UK images so one asset path serves both.
cpSync(join(moj, "assets/images"), join(out, "govuk/assets/images"), { recursive: true, force: false });
cpSync(join(moj, "moj-frontend.min.js"), join(out, "moj/moj-frontend.min.js"));
// GOV.UK's accessible autocomplete enhances long selects (the directory of councils); the
// select still works without JavaScript.
const autocomplete = join(root, "node_modules/accessible-autocomplete/dist");
cpSync(join(autocomplete, "accessible-autocomplete.min.js"), join(out, "accessible-autocomplete.min.js"));
cpSync(join(autocomplete, "accessible-autocomplete.min.css"), join(out, "accessible-autocomplete.min.css"));
cpSync(join(root, "assets/js/app.mjs"), join(out, "app.mjs"));
console.log(`built assets in ${out}`);
