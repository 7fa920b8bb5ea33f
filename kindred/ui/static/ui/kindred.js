// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// Live countdowns (front-door queue): the server renders the time left; this keeps it current.
function describe(seconds) {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const plural = (n, unit) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  let words;
  if (days) words = plural(days, "day") + (hours ? ` ${plural(hours, "hour")}` : "");
  else if (hours) words = plural(hours, "hour") + (mins ? ` ${plural(mins, "minute")}` : "");
  else words = Math.abs(seconds) >= 60 ? plural(mins, "minute") : "less than a minute";
  return seconds >= 0 ? `${words} left` : `Overdue by ${words}`;
}

function tick() {
  for (const el of document.querySelectorAll("time[data-countdown]")) {
    const seconds = (Date.parse(el.getAttribute("datetime")) - Date.now()) / 1000;
    if (Number.isNaN(seconds)) continue;
    el.textContent = describe(Math.trunc(seconds));
    el.classList.toggle("kindred-overdue", seconds < 0);
  }
}

if (document.querySelector("time[data-countdown]")) {
  setInterval(tick, 30000);
}
