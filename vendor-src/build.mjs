// Rebuild the vendored Yjs bundle from the pinned packages in node_modules (see README.md).
// One ES module with yjs and the parts of lib0 it uses, written for the browser (crypto from
// window.crypto), plus the licences of every package inside it.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const version = (name) =>
  JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;

const yjs = version("yjs");
const out = join(here, "..", "static", "vendor", `yjs-${yjs}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "yjs-entry.js")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  outfile: join(out, "yjs.js"),
  legalComments: "inline",
  banner: {
    js: `// yjs ${yjs} with lib0 ${version("lib0")} and isomorphic.js ${version("isomorphic.js")}, bundled by esbuild ${version("esbuild")}.\n// MIT licences: LICENSE (yjs), LICENSE.lib0, LICENSE.isomorphic.js. Rebuild: make vendor.`,
  },
});

copyFileSync(join(here, "node_modules", "yjs", "LICENSE"), join(out, "LICENSE"));
copyFileSync(join(here, "node_modules", "lib0", "LICENSE"), join(out, "LICENSE.lib0"));
const iso = join(here, "node_modules", "isomorphic.js");
let isoLicence;
try {
  isoLicence = readFileSync(join(iso, "LICENSE"), "utf8");
} catch {
  // isomorphic.js ships no LICENSE file; its package.json declares MIT (same author as lib0).
  const pkg = JSON.parse(readFileSync(join(iso, "package.json"), "utf8"));
  isoLicence = `isomorphic.js ${pkg.version}: licence "${pkg.license}" as declared in its package.json (author: ${pkg.author?.name ?? pkg.author}).\n`;
}
writeFileSync(join(out, "LICENSE.isomorphic.js"), isoLicence);
console.log(`built ${out}/yjs.js`);
