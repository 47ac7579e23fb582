// The PESEL checked as it is typed: its check digit, its birth date and gender, filled in.
// Written for this project. The server checks the same again: this only saves a round trip.
(function () {
  "use strict";
  var input = document.querySelector("input[data-pesel]");
  var live = document.getElementById("pesel-live");
  var birth = document.getElementById("pesel-birth");
  var gender = document.getElementById("pesel-gender");
  if (!input || !live) { return; }
  var WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

  function decode(pesel) {
    if (!/^\d*$/.test(pesel)) { return { problem: live.dataset.digits }; }
    if (pesel.length !== 11) { return { problem: live.dataset.length }; }
    var digits = pesel.split("").map(Number);
    var sum = 0;
    for (var i = 0; i < 10; i++) { sum += digits[i] * WEIGHTS[i]; }
    if ((10 - (sum % 10)) % 10 !== digits[10]) { return { problem: live.dataset.checksum }; }
    var year = digits[0] * 10 + digits[1];
    var month = digits[2] * 10 + digits[3];
    var day = digits[4] * 10 + digits[5];
    var century = { 0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800 }[Math.floor(month / 20)];
    month = month % 20;
    var date = new Date(Date.UTC(century + year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return { problem: live.dataset.date };
    }
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return {
      birth: two(day) + "." + two(month) + "." + (century + year),
      female: digits[9] % 2 === 0
    };
  }

  function check() {
    var value = input.value.trim();
    var found = value ? decode(value) : {};
    live.textContent = found.problem ? found.problem : (value ? live.dataset.ok : "");
    live.classList.toggle("problem", Boolean(found.problem));
    birth.textContent = found.birth || "";
    gender.textContent = found.birth ? (found.female ? gender.dataset.female : gender.dataset.male) : "";
  }

  input.addEventListener("input", check);
  check();
})();
