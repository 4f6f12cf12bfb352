// `make devserver` only: reloads this page when its file changed, and shows the last build's
// errors over it. The devserver adds this script to the pages it serves; the site never has it.
(() => {
  const script = document.currentScript;
  const query = new URLSearchParams({ path: location.pathname, digest: script.dataset.digest });
  const events = new EventSource(`/__devserver/events?${query}`);
  const BOX = "devserver-problems";

  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });

  events.addEventListener("problems", (event) => {
    const problems = JSON.parse(event.data);
    document.getElementById(BOX)?.remove();
    if (problems.length) document.body.append(overlay(problems));
  });

  function overlay(problems) {
    const box = document.createElement("aside");
    box.id = BOX;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;" +
      "overflow:auto;margin:0;padding:1rem;background:#3b0a0a;color:#fff;" +
      "font:14px/1.4 ui-monospace,monospace;border-top:4px solid #e5484d";
    const heading = document.createElement("strong");
    heading.textContent = "The last build has errors; this page is the last one built. " +
      "Fix the file and save: this message goes away.";
    const lines = document.createElement("pre");
    lines.style.cssText = "white-space:pre-wrap;margin:0.5rem 0 0";
    lines.textContent = problems.join("\n");
    box.append(heading, lines);
    return box;
  }
})();
