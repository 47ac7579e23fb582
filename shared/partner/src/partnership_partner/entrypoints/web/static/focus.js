// A form sent back with problems: the summary of them gets the focus, so a screen reader reads it
// and the keyboard starts there. Written for this project.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
