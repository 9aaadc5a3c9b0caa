// Adds the viewer's own time beside an event's time when the viewer's time zone differs from the
// event's: <time datetime="ISO" data-zone="Event/Zone" data-local-label="your time">.
(function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("time[data-zone]").forEach(function (element) {
    if (!zone || element.dataset.zone === zone) return;
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment)) return;
    var local = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium", timeStyle: "short"
    }).format(moment);
    var note = document.createElement("span");
    note.className = "muted";
    note.textContent = " (" + element.dataset.localLabel + ": " + local + ")";
    element.after(note);
  });
})();
