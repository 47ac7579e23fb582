// Live figures: when the reporting node ingests new events it says so on a server-sent event
// stream; the page then re-fetches its own figures (same filter, same language) and swaps them in,
// keeping open tables open and the keyboard focus where it was.
(function () {
  "use strict";
  var body = document.getElementById("dashboard-body");
  var status = document.getElementById("live-status");
  if (!body || !status || !window.EventSource || !window.fetch) {
    return;
  }
  var timer = null;
  var running = false;

  function version() {
    var marked = body.querySelector("[data-version]");
    return marked ? marked.getAttribute("data-version") : "0";
  }

  function say(state) {
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute(state === "off" ? "data-off" : "data-on");
  }

  function stamp() {
    var time = new Date().toLocaleTimeString(status.getAttribute("data-locale") || undefined);
    status.textContent = status.getAttribute("data-updated").replace("{time}", time);
  }

  function refresh() {
    timer = null;
    if (running) {
      schedule();
      return;
    }
    running = true;
    var open = Array.prototype.map.call(body.querySelectorAll("details[open]"), function (d) {
      return d.id;
    });
    var focused = document.activeElement && body.contains(document.activeElement)
      ? document.activeElement.getAttribute("href") : null;
    fetch(body.getAttribute("data-fragment"), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        open.forEach(function (id) {
          var details = document.getElementById(id);
          if (details) { details.open = true; }
        });
        if (focused) {
          var again = body.querySelector('a[href="' + focused.replace(/"/g, '\\"') + '"]');
          if (again) { again.focus(); }
        }
        stamp();
      })
      .catch(function () { say("off"); })
      .then(function () { running = false; });
  }

  function schedule() {
    if (!timer) { timer = window.setTimeout(refresh, 250); }
  }

  // The server ends each stream after a while and the browser reconnects by itself; only a
  // connection that stays down for a few seconds is worth telling the reader about.
  var down = null;

  function connect() {
    var source = new EventSource(body.getAttribute("data-stream") + "?after=" + version());
    source.addEventListener("open", function () {
      window.clearTimeout(down);
      down = null;
      if (status.getAttribute("data-state") !== "on") { say("on"); }
    });
    source.addEventListener("change", schedule);
    source.addEventListener("error", function () {
      if (!down) { down = window.setTimeout(function () { say("off"); }, 5000); }
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        window.setTimeout(connect, 3000);
      }
    });
  }

  connect();
})();
