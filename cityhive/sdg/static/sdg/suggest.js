/* The SDG suggestions of an editing form (sdg/_suggest.html, sdg/_suggestions.html).
 *
 * A ticked suggestion is a checkbox named sdg_targets, so without this script it is saved with the
 * form. With it, a ticked suggestion is chosen in the form's SDG-target field itself: through the
 * searchable picker's API when content/forms.js made one, or in the plain select otherwise. The
 * field then holds every chosen target (and shows it), and removing one there unticks its suggestion.
 */
(function () {
  "use strict";

  function fieldOf(box) {
    const form = box.form || box.closest("form");
    return form ? form.querySelector('select[name="sdg_targets"]') : null;
  }

  function optionOf(select, value) {
    return Array.from(select.options).find(function (option) {
      return option.value === value;
    });
  }

  // The label's text without its score ("6.1 · By 2030 ...").
  function labelOf(box) {
    const label = box.closest("label");
    const score = label && label.querySelector(".sdg-score");
    const text = label ? label.textContent.replace(score ? score.textContent : "", "") : box.value;
    return text.replace(/\s+/g, " ").trim() || box.value;
  }

  function choose(select, box) {
    const picker = select.tomselect;
    if (picker) {
      if (!picker.options[box.value]) picker.addOption({ value: box.value, text: labelOf(box) });
      if (box.checked) picker.addItem(box.value, true);
      else picker.removeItem(box.value, true);
      picker.refreshOptions(false);
      picker.close();
      return;
    }
    let option = optionOf(select, box.value);
    if (!option) {
      option = new Option(labelOf(box), box.value);
      select.add(option);
    }
    option.selected = box.checked;
  }

  // The field is the one place the form reads the targets from: a suggestion no longer posts itself.
  function adopt(box) {
    const select = fieldOf(box);
    if (!select || box.dataset.suggestion) return;
    box.dataset.suggestion = box.name;
    box.removeAttribute("name");
    const option = optionOf(select, box.value);
    box.checked = Boolean(option && option.selected);
  }

  function adoptAll(root) {
    root.querySelectorAll('.sdg-suggestions input[type="checkbox"][name="sdg_targets"]').forEach(adopt);
  }

  function untickRemoved(select) {
    const form = select.form;
    if (!form) return;
    form.querySelectorAll(".sdg-suggestions input[data-suggestion]").forEach(function (box) {
      const option = optionOf(select, box.value);
      box.checked = Boolean(option && option.selected);
    });
  }

  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target.matches && target.matches(".sdg-suggestions input[data-suggestion]")) {
      const select = fieldOf(target);
      if (select) choose(select, target);
    } else if (target.matches && target.matches('select[name="sdg_targets"]')) {
      untickRemoved(target);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    adoptAll(event.target);
  });
})();
