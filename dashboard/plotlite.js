// A Plotly chart drawn by a partial Plotly bundle (dashboard/plotlite.py): the bundle named in `data.bundle` is
// loaded once per page as a classic script from the dashboard's own server, the figure (JSON from Python's
// plotly) is drawn with Plotly.react, and a click or a box selection goes back to Python as the state value
// `selection` = {points: [...], at: ms} (a double click clears it), shaped like st.plotly_chart's selection points.
// A chart page's HTML may have started its bundle already (preload.py's EARLY_JS registers it here too).
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
  let gone = false;
  bundle(data.bundle).then((Plotly) => {
    if (gone) return;
    return Plotly.react(host, figure.data || [], layout, Object.assign({responsive: true}, data.config || {}))
      .then(() => {
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
