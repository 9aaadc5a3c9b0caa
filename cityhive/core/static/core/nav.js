// The header's menu button: at phone width the main navigation folds behind it (see .nav-toggle in
// cityhive.css). Without this script the navigation simply stays open.
(function () {
  var button = document.querySelector(".nav-toggle");
  if (!button) return;
  var nav = document.getElementById(button.getAttribute("aria-controls"));
  document.documentElement.classList.add("js");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  });
})();
