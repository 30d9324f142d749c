// Beside each listing choice, the public line it would produce from the name and region typed
// so far: what a signatory consents to is what they see. Without JavaScript each choice still
// says in words what it publishes.
(function () {
  "use strict";
  const form = document.querySelector("form[data-listing-preview]");
  if (!form) return;
  const name = form.querySelector("[name=public_name]");
  const region = form.querySelector("[name=region]");
  const choices = form.querySelectorAll("input[name=listing]");
  if (!name || !region) return;

  // As accession.models.initials: "Nasta Loika" -> "N. L.", "Anna-Maria" -> "A.-M."
  function initials(text) {
    return text.split(/\s+/).filter(Boolean).map(function (word) {
      return word.split("-").filter(Boolean).map(function (part) {
        return Array.from(part)[0] + ".";
      }).join("-");
    }).join(" ");
  }

  function line(listing) {
    const typed = name.value.trim();
    const shown = listing === "full-name" ? typed : listing === "initials" ? initials(typed) : "";
    if (!shown) return "";
    const where = region.selectedIndex > 0 ? region.options[region.selectedIndex].text : "";
    return form.dataset.shownAs + " " + [shown, where].filter(Boolean).join(", ");
  }

  function update() {
    choices.forEach(function (choice) {
      let preview = choice.parentElement.querySelector(".preview");
      if (!preview) {
        preview = document.createElement("span");
        preview.className = "preview";
        choice.parentElement.append(" ", preview);
      }
      preview.textContent = line(choice.value);
    });
  }

  name.addEventListener("input", update);
  region.addEventListener("change", update);
  update();
})();
