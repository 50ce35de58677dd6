// A text box with suggestions (the ARIA 1.2 combobox pattern): type to search names
// and alternative names, Up/Down to move, Enter to choose, Escape to close.

let counter = 0;

export class Combobox {
  /**
   * @param {HTMLInputElement} input  the text box (role="combobox")
   * @param {HTMLUListElement} listbox  its list of options (role="listbox")
   * @param {(text: string) => Promise<Array<{id: string, label: string, kind?: string}>>} suggest
   * @param {(item: object) => void} onChoose
   */
  constructor(input, listbox, suggest, onChoose) {
    this.input = input;
    this.listbox = listbox;
    this.suggest = suggest;
    this.onChoose = onChoose;
    this.items = [];
    this.active = -1;
    this.chosen = null;
    this.timer = null;
    this.request = 0;
    this.prefix = `opt-${++counter}`;
    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.keydown(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
  }

  // The chosen item, or null if the text was edited since.
  value() {
    return this.chosen && this.chosen.label === this.input.value ? this.chosen : null;
  }

  set(item) {
    this.chosen = item;
    this.input.value = item ? item.label : "";
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 120);
  }

  async refresh() {
    const text = this.input.value.trim();
    if (text.length < 2) {
      this.close();
      return;
    }
    const ticket = ++this.request;
    let items = [];
    try {
      items = await this.suggest(text);
    } catch (_) {
      items = [];
    }
    if (ticket !== this.request) return; // a newer search is on its way
    this.show(items);
  }

  show(items) {
    this.items = items;
    this.active = items.length ? 0 : -1;
    this.listbox.replaceChildren();
    items.forEach((item, i) => {
      const li = document.createElement("li");
      li.id = `${this.prefix}-${i}`;
      li.setAttribute("role", "option");
      li.dataset.id = item.id;
      const name = document.createElement("span");
      name.className = "option-label";
      name.textContent = item.label;
      const kind = document.createElement("span");
      kind.className = "option-kind";
      kind.textContent = [item.kind, item.council].filter(Boolean).join(" · ");
      li.append(name, kind);
      li.addEventListener("click", () => this.choose(i));
      this.listbox.append(li);
    });
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = "No body has that name.";
      this.listbox.append(li);
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight();
  }

  highlight() {
    [...this.listbox.querySelectorAll("[role=option]")].forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === this.active));
    });
    if (this.active >= 0) {
      this.input.setAttribute("aria-activedescendant", `${this.prefix}-${this.active}`);
      const li = this.listbox.children[this.active];
      if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  choose(i) {
    const item = this.items[i];
    if (!item) return;
    this.set(item);
    this.close();
    this.onChoose(item);
  }

  keydown(event) {
    const open = !this.listbox.hidden && this.items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) {
        this.refresh();
        return;
      }
      this.active = (this.active + 1) % this.items.length;
      this.highlight();
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      this.active = (this.active - 1 + this.items.length) % this.items.length;
      this.highlight();
    } else if (event.key === "Enter") {
      if (open && this.active >= 0) {
        event.preventDefault();
        this.choose(this.active);
      }
    } else if (event.key === "Escape") {
      this.close();
    }
  }
}
