// A Plotly chart drawn by a partial Plotly bundle (dashboard/plotlite.py): the bundle named in `data.bundle` is
// loaded once per page as a classic script from the dashboard's own server, the figure (JSON from Python's
// plotly) is drawn with Plotly.react, and a click or a box selection goes back to Python as the state value
// `selection` = {points: [...], at: ms} (a double click clears it), shaped like st.plotly_chart's selection points.
// A chart page's HTML may have started its bundle already (preload.py's EARLY_JS registers it here too). A map's
// outlines are fetched from `data.topojson` (the dashboard's own server), never from plotly.js's default CDN.
const LOADED = (window.__plotlite = window.__plotlite || {bundles: {}, queue: Promise.resolve()});

function bundle(url) {
  // One script per bundle, loaded one after another: each sets window.Plotly, which is captured per bundle.
  if (!LOADED.bundles[url]) {
    LOADED.bundles[url] = LOADED.queue = LOADED.queue.then(() => new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error("could not load " + url));
      document.head.appendChild(script);
    }));
  }
  return LOADED.bundles[url];
}

function plain(points) {
  // Plotly's event points hold the whole trace (cycles); keep the fields Python reads.
  return (points || []).map((p) => {
    const out = {curve_number: p.curveNumber, point_number: p.pointNumber,
                 point_index: p.pointIndex !== undefined ? p.pointIndex : p.pointNumber};
    for (const k of ["x", "y", "z", "lat", "lon", "customdata", "text", "hovertext", "location"]) {
      if (p[k] !== undefined) out[k] = p[k];
    }
    return out;
  });
}

function showStatic(host, data, layout) {
  // The server's static picture of the chart (escaped SVG markup, staticchart.py), in the chart's place and size until
  // Plotly has drawn: only when this page has not run the bundle yet and the host has no Plotly chart.
  const old = host.querySelector(":scope > .plotlite-static");
  if (old && old.__figure !== data.figure && !data.static) old.remove();  // a picture of another figure
  if (!data.static || LOADED.drawn || host.querySelector(".main-svg")) return false;
  if (old) old.remove();
  const box = document.createElement("div");
  box.innerHTML = data.static;
  const picture = box.firstElementChild;
  if (!picture) return false;
  picture.__figure = data.figure;
  picture.style.position = "absolute";
  picture.style.left = "0";
  picture.style.top = "0";
  host.style.position = "relative";
  host.style.minHeight = (layout.height || 450) + "px";
  host.appendChild(picture);
  return true;
}

function dropStatic(host, layout) {
  // Plotly has drawn: the picture goes, and no later chart of this page shows one.
  LOADED.drawn = true;
  const old = host.querySelector(":scope > .plotlite-static");
  if (!old) return;
  old.remove();
  host.style.minHeight = layout.height ? "" : "450px";
}

export default function (component) {
  const {parentElement, data, setStateValue} = component;
  let host = parentElement.querySelector(":scope > .plotlite");
  if (!host) {
    host = document.createElement("div");
    host.className = "plotlite";
    host.setAttribute("data-testid", "plotliteChart");
    host.style.width = "100%";
    parentElement.appendChild(host);
  }
  host.__send = setStateValue;  // the latest setter (the function may change between renders)
  const figure = JSON.parse(data.figure);
  const layout = Object.assign({autosize: true}, figure.layout || {});
  if (data.select && !layout.clickmode) layout.clickmode = "event+select";
  if (data.box && !layout.dragmode) layout.dragmode = "select";
  if (!layout.height) host.style.minHeight = "450px";
  // Plotly's first draw takes the main thread for a while (0.3-0.9 s under load): with a picture shown, it waits
  // until the picture has been painted, or the picture would never be seen.
  const painted = showStatic(host, data, layout) ?
    new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))) : null;
  let gone = false;
  Promise.all([bundle(data.bundle), painted]).then(([Plotly]) => {
    if (gone) return;
    const config = Object.assign({responsive: true}, data.config || {}, {topojsonURL: data.topojson});
    return Plotly.react(host, figure.data || [], layout, config)
      .then(() => {
        dropStatic(host, layout);
        if (!data.select || host.__listening) return;
        host.__listening = true;
        // `at` makes every click a new value: after Python cleared the selection elsewhere (a button), a click on
        // the same point as before must still reach Python's callback, which runs only when the value changes.
        host.on("plotly_selected", (ev) => {
          if (ev && ev.points) host.__send("selection", {points: plain(ev.points), at: Date.now()});
        });
        host.on("plotly_deselect", () => host.__send("selection", {points: [], at: Date.now()}));
      });
  }).catch((err) => {
    host.textContent = "The chart could not be drawn: " + err.message;
  });
  return () => { gone = true; };
}
