// Progressive enhancement only: every page works without JavaScript.
import { initAll as initGovuk } from "./govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "./moj/moj-frontend.min.js";

initGovuk();
initMoj();

// Long lists (the directory of councils) become GOV.UK's accessible autocomplete: type part of
// a name to find it. Without JavaScript the same select is posted.
for (const select of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
  if (window.accessibleAutocomplete) {
    // Keep a council already chosen (coming back to the page, or after an error); never show the
    // "Select a council" placeholder as if it were typed.
    const chosen = select.value ? select.options[select.selectedIndex].text : "";
    window.accessibleAutocomplete.enhanceSelectElement({ selectElement: select, defaultValue: chosen, showAllValues: true,
      autoselect: false });  // no type-ahead hint: an unlabelled second input for screen readers
  }
}

// Import progress: ask the server for the import's state every two seconds and say it
// in the live region; reload once it has finished so the result is shown.
for (const region of document.querySelectorAll('[data-module="app-import-progress"]')) {
  const text = region.querySelector("[data-progress-text]");
  const poll = async () => {
    try {
      const response = await fetch(region.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const state = await response.json();
      if (state.status === "done" || state.status === "failed") {
        window.location.reload();
        return;
      }
      text.textContent = state.progress_text || (state.total
        ? `${state.status_text}: ${state.done} of ${state.total} pupils (${state.percent}%)`
        : state.status_text);
    } catch {
      // A failed poll is tried again; the "Check again" link always works.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}

// Conditional radios (the GOV.UK pattern) without aria-expanded on the radio, which ARIA does
// not allow there: the content an answer reveals shows only while that answer is chosen.
for (const group of document.querySelectorAll('[data-module="app-conditional-radios"]')) {
  const inputs = [...group.querySelectorAll('input[type="radio"]')];
  for (const input of inputs) {
    if (input.dataset.ariaControls) {
      input.setAttribute("aria-controls", input.dataset.ariaControls);
      input.removeAttribute("data-aria-controls");
    }
  }
  const sync = () => {
    for (const input of inputs) {
      const target = input.getAttribute("aria-controls") && document.getElementById(input.getAttribute("aria-controls"));
      if (target) target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    }
  };
  for (const input of inputs) input.addEventListener("change", sync);
  sync();
}
