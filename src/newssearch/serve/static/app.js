// Keyboard help only: everything works without this script.
// "/" focuses the search box; a change of match or sort searches again.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  var typing = event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
  if (event.key === "/" && box && !typing) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  ["match", "sort"].forEach(function (id) {
    var field = document.getElementById(id);
    if (field && field.form) {
      field.addEventListener("change", function () { field.form.submit(); });
    }
  });
});
