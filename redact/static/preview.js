/* redact review page: region toggles, drawn boxes, flag overrides, filters, keys, corrections file.
   All report text reaches the DOM through textContent or attribute setters, never innerHTML. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var byId = {};
  data.images.forEach(function (im) { byId[im.id] = im; });
  var KIND_LABELS = { name: "name", id_number: "ID number", unit: "unit", seal: "seal", photo: "photo" };
  var storeKey = "redact-preview:" + data.token;
  var state = {};   // id -> {disabled: Set, maskKept: Set, added: [{kind, box}], flag: null|bool}
  var zoom = 1;

  function fresh(im, c) {
    c = c || {};
    return {
      disabled: new Set(c.disabled || []),
      maskKept: new Set(c.mask_kept || []),
      added: (c.added || []).map(function (a) { return { kind: a.kind, box: a.box.slice() }; }),
      flag: c.needs_masking === undefined ? null : c.needs_masking
    };
  }
  function serial(s) {
    return {
      disabled: Array.from(s.disabled).sort(function (a, b) { return a - b; }),
      mask_kept: Array.from(s.maskKept).sort(function (a, b) { return a - b; }),
      added: s.added.map(function (a) { return { kind: a.kind, box: a.box.slice() }; }),
      needs_masking: s.flag
    };
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  var PROPOSAL = serial(fresh(null, null));

  // Start from what was already applied, then from unsaved work kept in this browser.
  data.images.forEach(function (im) { state[im.id] = fresh(im, im.correction); });
  try {
    var saved = JSON.parse(window.localStorage.getItem(storeKey) || "null");
    if (saved) Object.keys(saved).forEach(function (id) { if (byId[id]) state[id] = fresh(byId[id], saved[id]); });
  } catch (e) { /* storage may be off for file:// pages; the page still works */ }

  function persist() {
    try {
      var out = {};
      Object.keys(state).forEach(function (id) { out[id] = serial(state[id]); });
      window.localStorage.setItem(storeKey, JSON.stringify(out));
    } catch (e) { /* ignore */ }
  }

  function el(name, attrs, svg) {
    var n = svg ? document.createElementNS(SVGNS, name) : document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }
  function rectAttrs(b) { return { x: b[0], y: b[1], width: b[2] - b[0], height: b[3] - b[1] }; }

  function card(id) { return document.getElementById("img-" + id); }

  function edited(id) {
    var s = serial(state[id]);
    var im = byId[id];
    return !same(s, im.correction ? serial(fresh(im, im.correction)) : PROPOSAL);
  }
  function changedFromProposal(id) { return !same(serial(state[id]), PROPOSAL); }

  function render(id) {
    var c = card(id), s = state[id];
    if (!c || !c.querySelector(".controls")) return;  // error cards have nothing to correct
    c.querySelectorAll("[data-region]").forEach(function (n) {
      var off = s.disabled.has(+n.getAttribute("data-region"));
      if (n.tagName === "INPUT") n.checked = !off;
      else if (n.classList.contains("unmask")) n.classList.toggle("on", off);
      else n.classList.toggle("off", off);
    });
    c.querySelectorAll("[data-kept]").forEach(function (n) {
      var on = s.maskKept.has(+n.getAttribute("data-kept"));
      if (n.tagName === "INPUT") n.checked = on;
      else n.classList.toggle("on", on);
    });
    c.querySelector(".flag-select").value = s.flag === null ? "" : (s.flag ? "yes" : "no");
    c.querySelectorAll("g.added").forEach(function (g) {
      while (g.firstChild) g.removeChild(g.firstChild);
      s.added.forEach(function (a) {
        var grp = el("g", { "class": "k-manual" }, true);
        grp.appendChild(el("rect", rectAttrs(a.box), true));
        var t = el("text", { x: a.box[0], y: a.box[1] - 2, "class": "above" }, true);
        t.textContent = (KIND_LABELS[a.kind] || a.kind) + " (added)";
        grp.appendChild(t);
        g.appendChild(grp);
      });
    });
    var list = c.querySelector(".added-list");
    while (list.firstChild) list.removeChild(list.firstChild);
    s.added.forEach(function (a, i) {
      var li = el("li");
      var label = el("span");
      label.textContent = (KIND_LABELS[a.kind] || a.kind) + " [" + a.box.join(", ") + "]";
      var b = el("button", { type: "button", "aria-label": "Remove added " + (KIND_LABELS[a.kind] || a.kind) + " box " + (i + 1) });
      b.textContent = "Remove";
      b.addEventListener("click", function () { s.added.splice(i, 1); changed(id); });
      li.appendChild(label); li.appendChild(b); list.appendChild(li);
    });
    c.classList.toggle("edited", edited(id));
    c.querySelector(".b-edited").hidden = !edited(id);
  }

  function changed(id) { render(id); persist(); updateCount(); }

  function updateCount() {
    var n = Object.keys(state).filter(edited).length;
    var e = document.getElementById("edits");
    e.textContent = n ? n + (n === 1 ? " image" : " images") + " changed, not saved" : "no changes";
    e.classList.toggle("dirty", n > 0);
  }

  // Region and kept toggles, kind and flag selects: one delegated listener.
  document.getElementById("cards").addEventListener("change", function (ev) {
    var t = ev.target, c = t.closest(".card");
    if (!c || !c.querySelector(".controls")) return;  // error cards have nothing to correct
    var id = +c.getAttribute("data-id"), s = state[id];
    if (t.classList.contains("toggle-region")) {
      var i = +t.getAttribute("data-region");
      if (t.checked) s.disabled.delete(i); else s.disabled.add(i);
    } else if (t.classList.contains("toggle-kept")) {
      var k = +t.getAttribute("data-kept");
      if (t.checked) s.maskKept.add(k); else s.maskKept.delete(k);
    } else if (t.classList.contains("flag-select")) {
      s.flag = t.value === "" ? null : t.value === "yes";
    } else return;
    changed(id);
  });

  // Drawing a box: drag on the original; coordinates in original image pixels.
  function toImage(svg, ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    var q = p.matrixTransform(svg.getScreenCTM().inverse());
    var vb = svg.viewBox.baseVal;
    return [Math.max(0, Math.min(vb.width, q.x)), Math.max(0, Math.min(vb.height, q.y))];
  }
  var drag = null;
  document.getElementById("cards").addEventListener("pointerdown", function (ev) {
    var svg = ev.target.closest && ev.target.closest(".draw-surface");
    if (!svg || ev.button !== 0) return;
    ev.preventDefault();
    var c = svg.closest(".card");
    var start = toImage(svg, ev);
    var g = el("g", { "class": "k-manual drawing" }, true);
    var r = el("rect", rectAttrs([start[0], start[1], start[0], start[1]]), true);
    g.appendChild(r);
    svg.querySelector("g.added").appendChild(g);
    drag = { svg: svg, id: +c.getAttribute("data-id"), start: start, rect: r, g: g };
    try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic events */ }
  });
  function box(a, b) {
    return [Math.floor(Math.min(a[0], b[0])), Math.floor(Math.min(a[1], b[1])),
            Math.ceil(Math.max(a[0], b[0])), Math.ceil(Math.max(a[1], b[1]))];
  }
  document.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var b = box(drag.start, toImage(drag.svg, ev));
    var a = rectAttrs(b);
    Object.keys(a).forEach(function (k) { drag.rect.setAttribute(k, a[k]); });
  });
  document.addEventListener("pointerup", function (ev) {
    if (!drag) return;
    var d = drag; drag = null;
    var b = box(d.start, toImage(d.svg, ev));
    d.g.parentNode.removeChild(d.g);
    if (b[2] - b[0] < 3 || b[3] - b[1] < 3) return;  // a click, not a box
    var kind = card(d.id).querySelector(".add-kind").value;
    state[d.id].added.push({ kind: kind, box: b });
    changed(d.id);
  });

  // Filters.
  var fFlag = document.getElementById("f-flag"), fKind = document.getElementById("f-kind");
  var fWarn = document.getElementById("f-warn"), fAtt = document.getElementById("f-attention");
  function applyFilters() {
    var shown = 0;
    document.querySelectorAll(".card").forEach(function (c) {
      var ok = (!fFlag.value || c.getAttribute("data-flag") === fFlag.value) &&
        (!fKind.value || c.getAttribute("data-kinds").split(" ").indexOf(fKind.value) >= 0) &&
        (!fWarn.checked || c.getAttribute("data-warn") === "1") &&
        (!fAtt.checked || c.getAttribute("data-attention") === "1");
      c.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById("shown").textContent = shown + " shown";
    sizeLabels();
  }
  [fFlag, fKind, fWarn, fAtt].forEach(function (n) { n.addEventListener("change", applyFilters); });

  // Navigation and zoom.
  var current = null;
  function visible() { return Array.prototype.filter.call(document.querySelectorAll(".card"), function (c) { return !c.hidden; }); }
  function go(step) {
    var cards = visible();
    if (!cards.length) return;
    var i = current ? cards.indexOf(current) : -1;
    i = i < 0 ? (step > 0 ? 0 : cards.length - 1) : Math.max(0, Math.min(cards.length - 1, i + step));
    if (current) current.classList.remove("current");
    current = cards[i];
    current.classList.add("current");
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: "start" });
  }
  function setZoom(z) {
    zoom = Math.max(0.5, Math.min(4, z));
    document.documentElement.style.setProperty("--zoom", String(zoom));
    sizeLabels();
  }
  // Labels stay about 12 screen pixels tall whatever the image size and zoom.
  function sizeLabels() {
    document.querySelectorAll("svg.draw-surface").forEach(function (svg) {
      var w = svg.getBoundingClientRect().width;
      if (w > 0) svg.style.setProperty("--fs", (12 * svg.viewBox.baseVal.width / w).toFixed(1) + "px");
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(sizeLabels, 150);
  });
  document.getElementById("next").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(-1); });
  document.getElementById("zoom-in").addEventListener("click", function () { setZoom(zoom * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { setZoom(zoom / 1.25); });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = ev.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    var k = ev.key;
    if (k === "j" || k === "ArrowDown" || k === "ArrowRight") go(1);
    else if (k === "k" || k === "ArrowUp" || k === "ArrowLeft") go(-1);
    else if (k === "+" || k === "=") setZoom(zoom * 1.25);
    else if (k === "-" || k === "_") setZoom(zoom / 1.25);
    else if (k === "0") setZoom(1);
    else if (k === "Escape") document.getElementById("save-panel").hidden = true;
    else return;
    ev.preventDefault();
  });

  // Corrections file: every image changed from the proposal, and every one corrected before
  // (so that undoing an applied correction is saved too). Indices refer to the proposal.
  function corrections() {
    var images = [];
    data.images.forEach(function (im) {
      if (!changedFromProposal(im.id) && !im.correction) return;
      var s = serial(state[im.id]);
      images.push({ input: im.input, proposal: im.proposal, disabled: s.disabled, mask_kept: s.mask_kept,
        added: s.added, needs_masking: s.needs_masking });
    });
    return { version: 1, report: data.report, created: new Date().toISOString(), images: images };
  }
  var lastUrl = null;
  document.getElementById("save").addEventListener("click", function () {
    var text = JSON.stringify(corrections(), null, 2) + "\n";
    var link = document.getElementById("save-link");
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.href = lastUrl;
    document.getElementById("save-text").value = text;
    var panel = document.getElementById("save-panel");
    panel.hidden = false;
    try { link.click(); } catch (e) { /* blocked: the text area still has it */ }
    document.getElementById("save-text").focus();
  });
  document.getElementById("copy").addEventListener("click", function () {
    var ta = document.getElementById("save-text");
    ta.select();
    var done = function () { document.getElementById("copy").textContent = "Copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(ta.value).then(done, function () { if (document.execCommand("copy")) done(); });
    } else if (document.execCommand("copy")) done();
  });
  document.getElementById("close-save").addEventListener("click", function () {
    document.getElementById("save-panel").hidden = true;
    document.getElementById("save").focus();
  });

  Object.keys(state).forEach(function (id) { render(+id); });
  sizeLabels();
  updateCount();
  document.documentElement.setAttribute("data-ready", "1");
})();
