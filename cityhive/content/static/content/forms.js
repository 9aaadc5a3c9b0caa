/* The item forms' pickers and rows (content/widgets.py, content/_rows.html).
 *
 * Loaded as a file from our own origin (no inline script, as our content security policy asks).
 * Without it every form still works: pickers are plain selects, and a row is left out by clearing it.
 *  - select[data-picker="tags"|"one"]: searchable pickers (Tom Select, shipped by django-tomselect);
 *    a "one" picker with data-allow-empty offers its blank choice ("Any", in a filter);
 *  - input[data-picker="create"]: free tags typed as comma-separated text become a picker that
 *    offers the tags of its <datalist> and creates new ones; the text field still submits "a,b";
 *  - [data-rows]: rows added from their <template data-row-template> and removed by their button,
 *    renumbered so that the names the server reads stay 0..n-1 (and a formset's TOTAL_FORMS = n);
 *  - select[data-facet-value]: a row's value takes the options of the facet chosen in its row.
 */
(function () {
  "use strict";

  let uid = 0;

  // A sub-category's option reads "— Water" under its parent; once chosen it reads "Water".
  function chipText(text) {
    return String(text || "").replace(/^—\s*/, "");
  }

  // A chosen item's remove button, named for the item in the page's language ("Remove 11.5 ...").
  function removeButtons() {
    const self = this;
    const words = self.input.dataset.removeLabel || "Remove";
    self.hook("after", "setupTemplates", function () {
      const render = self.settings.render.item;
      self.settings.render.item = function (data, escape) {
        let item = render.call(self, data, escape);
        if (typeof item === "string") {
          const holder = document.createElement("template");
          holder.innerHTML = item.trim();
          item = holder.content.firstElementChild;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "remove";
        button.tabIndex = -1;
        button.textContent = "×";
        button.setAttribute("aria-label", words + " " + chipText(data[self.settings.labelField]));
        button.addEventListener("mousedown", function (event) {
          event.preventDefault();
          event.stopPropagation();
        });
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          if (self.isLocked) return;
          self.removeItem(item);
          self.refreshOptions(false);
          self.inputState();
        });
        item.appendChild(button);
        return item;
      };
    });
  }

  if (typeof window.TomSelect === "function") window.TomSelect.define("cityhive_remove", removeButtons);

  // The options of a tags input: its datalist's tags and the tags it already holds.
  function tagOptions(input) {
    const list = input.list;
    const tags = list ? Array.from(list.options).map((option) => option.value) : [];
    return tags.map((tag) => ({ value: tag, text: tag }));
  }

  function tagPickerOf(input) {
    // Tom Select splits the value at each comma but keeps the spaces around the tags.
    const held = input.value
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
    input.value = held.join(",");
    const options = tagOptions(input);
    held.forEach(function (tag) {
      if (!options.some((option) => option.value === tag)) options.push({ value: tag, text: tag });
    });
    input.removeAttribute("list");
    const words = input.dataset.createLabel || "Add %(tag)s";
    const picker = new window.TomSelect(input, {
      plugins: ["cityhive_remove"],
      options: options,
      items: held,
      create: function (typed) {
        const tag = typed.trim();
        return tag ? { value: tag, text: tag } : false;
      },
      createOnBlur: true,
      persist: false,
      delimiter: ",",
      maxOptions: 50,
      refreshThrottle: 0,
      hideSelected: true,
      closeAfterSelect: false,
      selectOnTab: false,
      placeholder: input.dataset.placeholder || undefined,
      render: {
        option_create: function (data, escape) {
          const parts = words.split("%(tag)s");
          return '<div class="create" role="option">' + escape(parts[0]) + "<strong>" + escape(data.input) + "</strong>" + escape(parts.slice(1).join("")) + "</div>";
        },
        // Whatever is typed can become a tag: the offer to add it is the answer.
        no_results: function () {
          return null;
        },
      },
      onItemAdd: function () {
        this.setTextboxValue("");
      },
    });
    const label = picker.control_input.getAttribute("aria-labelledby");
    if (label) input.setAttribute("aria-labelledby", label);
    input.setAttribute("aria-hidden", "true");
    return picker;
  }

  function pickerOf(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") return select.tomselect || null;
    if (select.tagName === "INPUT") return tagPickerOf(select);
    const many = select.dataset.picker === "tags";
    const picker = new window.TomSelect(select, {
      plugins: many ? ["cityhive_remove"] : [],
      maxOptions: null,
      // The options are in the page: filter at once, so that Enter picks what the typed words
      // show (a delayed refresh would also reopen the list after Tab had moved on).
      refreshThrottle: 0,
      hideSelected: many,
      closeAfterSelect: !many,
      allowEmptyOption: "allowEmpty" in select.dataset,
      selectOnTab: false,
      placeholder: select.dataset.placeholder || undefined,
      render: {
        item: function (data, escape) {
          return "<div>" + escape(chipText(data.text)) + "</div>";
        },
        no_results: function () {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = select.dataset.noResults || "No match";
          return div;
        },
      },
      onItemAdd: function () {
        if (many) this.setTextboxValue("");
      },
    });
    picker.on("blur", function () {
      window.clearTimeout(picker.refreshTimeout);
      picker.refreshTimeout = null;
    });
    // The original select stays in the form (its values are submitted) but is hidden from
    // assistive technologies; it keeps a name through the label that now names the picker.
    const label = picker.control_input.getAttribute("aria-labelledby");
    if (label) select.setAttribute("aria-labelledby", label);
    select.setAttribute("aria-hidden", "true");
    return picker;
  }

  function pickers(root) {
    root.querySelectorAll("select[data-picker], input[data-picker]").forEach(pickerOf);
  }

  // --- a row's value follows its facet -----------------------------------------------------

  function facetOptions(rows, facet) {
    const store = rows.querySelector("template[data-facet-values]");
    const source = store && store.content.querySelector('select[data-facet="' + CSS.escape(facet) + '"]');
    return source ? Array.from(source.options) : [];
  }

  function followFacet(rows, row) {
    const facet = row.querySelector('select[name$="-facet"]');
    const value = row.querySelector("select[data-facet-value]");
    if (!facet || !value) return;
    facet.addEventListener("change", function () {
      const blank = value.options[0] ? value.options[0].cloneNode(true) : new Option("", "");
      blank.selected = true;
      blank.textContent = facet.value ? rows.dataset.chooseValue || blank.textContent : rows.dataset.chooseFacet || blank.textContent;
      value.replaceChildren(blank, ...facetOptions(rows, facet.value).map((o) => o.cloneNode(true)));
      const picker = value.tomselect;
      if (picker) {
        picker.clear(true);
        picker.clearOptions();
        picker.sync();
        picker.settings.placeholder = blank.textContent;
        picker.inputState();
      }
    });
  }

  // --- a weight's meaning, in words, as it is typed -------------------------------------------

  function showMeaning(row) {
    const output = row.querySelector("output[data-weight-words]");
    const input = output && output.htmlFor.length && document.getElementById(output.htmlFor[0]);
    if (!input) return;
    const words = output.dataset.weightWords.split("|");
    input.addEventListener("input", function () {
      const weight = Number(input.value);
      const shown = input.value.trim() !== "" && weight >= 0 && weight <= 1;
      output.textContent = shown ? words[Math.min(Math.floor(weight * 4), 3)] : "";
    });
  }

  // --- rows added and removed --------------------------------------------------------------

  function renumber(rows) {
    const prefix = rows.dataset.rows;
    const pattern = new RegExp("^" + prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-\\d+-");
    const items = rows.querySelectorAll(":scope [data-row-list] > [data-row]");
    items.forEach(function (row, index) {
      row.querySelectorAll("[name]").forEach(function (field) {
        field.name = field.name.replace(pattern, prefix + "-" + index + "-");
      });
      row.querySelectorAll("[data-row-number]").forEach(function (number) {
        number.textContent = String(index + 1);
      });
    });
    const total = rows.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    const initial = rows.querySelector('input[name="' + prefix + '-INITIAL_FORMS"]');
    const max = rows.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    if (total) total.value = String(items.length);
    if (initial) initial.value = String(Math.min(Number(initial.value), items.length));
    const add = rows.querySelector(":scope > .row-actions [data-row-add]");
    if (add && max) add.disabled = items.length >= Number(max.value);
    return items.length;
  }

  function say(rows, key) {
    const status = rows.querySelector(":scope > [data-row-status]");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = status.dataset[key] || "";
    }, 50);
  }

  function enableRow(rows, row) {
    const remove = row.querySelector("[data-row-remove]");
    if (remove) {
      remove.hidden = false;
      remove.addEventListener("click", function () {
        const next = row.nextElementSibling;
        row.remove();
        renumber(rows);
        say(rows, "removed");
        const target = next && next.querySelector("[data-row-remove]");
        (target || rows.querySelector(":scope > .row-actions [data-row-add]")).focus();
      });
    }
    followFacet(rows, row);
    showMeaning(row);
    pickers(row);
  }

  function addRow(rows) {
    const template = rows.querySelector(":scope > template[data-row-template]");
    const list = rows.querySelector(":scope > [data-row-list]");
    const index = list.querySelectorAll(":scope > [data-row]").length;
    const fragment = template.content.cloneNode(true);
    uid += 1;
    fragment.querySelectorAll("[id], [for], [name]").forEach(function (element) {
      ["id", "for"].forEach(function (attribute) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace("__prefix__", "new" + uid));
      });
      if (element.name) element.name = element.name.replace("__prefix__", String(index));
    });
    const row = fragment.querySelector("[data-row]");
    list.appendChild(fragment);
    renumber(rows);
    enableRow(rows, row);
    say(rows, "added");
    const first = row.querySelector("select, input, textarea");
    if (first) (first.tomselect ? first.tomselect : first).focus();
  }

  function enableRows(rows) {
    rows.querySelectorAll(":scope [data-row-list] > [data-row]").forEach(function (row) {
      enableRow(rows, row);
    });
    const add = rows.querySelector(":scope > .row-actions [data-row-add]");
    if (add) {
      add.hidden = false;
      add.addEventListener("click", function () {
        addRow(rows);
      });
    }
    renumber(rows);
  }

  function start() {
    document.querySelectorAll("[data-rows]").forEach(enableRows);
    pickers(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
