// "To label" page: d / l / u label the current ad and show the next, s skips it.
// Keys typed into the note box stay text. (No inline script: the CSP allows only files.)
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
  var el = document.querySelector('#current [data-key="' + event.key.toLowerCase() + '"]');
  if (!el) return;
  event.preventDefault();
  el.click();
});
