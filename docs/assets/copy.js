/* papercat copy buttons: `<button class="pc-copy" data-copy="text">` copies its data-copy value;
 * `<button class="pc-copy" data-copy-from="ID">` copies the text of the element with that id (a
 * citation block). One listener on the document, so pages reached by instant navigation work too.
 * The value is read from the attribute or textContent: nothing is parsed as HTML.
 */
(function () {
  "use strict";
  if (window.papercatCopy) return;
  window.papercatCopy = true;

  function text(button) {
    if (button.hasAttribute("data-copy")) return button.getAttribute("data-copy");
    var from = document.getElementById(button.getAttribute("data-copy-from") || "");
    return from ? from.textContent : "";
  }

  function fallback(value) {
    // clipboard API needs a secure context (https or localhost); elsewhere, copy a selected textarea
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function say(button, words) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = words;
    clearTimeout(button.papercatTimer);
    button.papercatTimer = setTimeout(function () {
      button.textContent = label;
    }, 1500);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.pc-copy") : null;
    if (!button) return;
    var value = text(button);
    var done = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(value) : fallback(value);
    done.then(
      function () {
        say(button, "Copied");
      },
      function () {
        say(button, "Copy failed: select the text");
      }
    );
  });
})();
