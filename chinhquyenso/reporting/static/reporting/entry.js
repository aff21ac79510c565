// The entry grid (templates/reporting/entry_grid.html): each cell is saved when it changes,
// through the grid's JSON endpoint, and says inline whether it was saved or why it was refused.
// Enter / Shift+Enter go to the next / previous cell, arrow keys up and down stay in the column,
// left and right move on at the edge of the text.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var grid = document.getElementById("entry-grid");
    if (!grid) return;
    var inputs = Array.prototype.slice.call(grid.querySelectorAll(".entry-input"));
    var editable = grid.dataset.editable === "true";

    function statusOf(input) {
      return document.getElementById("s-" + input.dataset.element + "-" + input.dataset.cell);
    }

    function show(input, state, text) {
      var status = statusOf(input);
      if (!status) return;
      status.dataset.status = state;
      status.textContent = text;
      status.className = "entry-status entry-status--" + state;
      if (state === "error") input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function showViolations(violations) {
      var list = document.getElementById("entry-violations");
      if (!list) return;
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!violations.length) {
        var ok = document.createElement("li");
        ok.id = "entry-no-violation";
        ok.className = "entry-ok";
        ok.textContent = grid.dataset.msgNone;
        list.appendChild(ok);
        return;
      }
      violations.forEach(function (v) {
        var item = document.createElement("li");
        item.className = "entry-violation entry-violation--" + v.importance;
        item.dataset.rule = v.rule;
        item.dataset.blocks = v.blocks ? "true" : "false";
        item.textContent = v.message + " ";
        var sides = document.createElement("span");
        sides.className = "entry-sides";
        sides.textContent = "(" + Number(v.left) + " " + v.operator_label + " " + Number(v.right) + ")";
        item.appendChild(sides);
        list.appendChild(item);
      });
    }

    function save(input) {
      var value = input.value;
      // Enter saves and moves on, and leaving the cell fires "change": save once.
      if (value === input.dataset.saved || value === input.dataset.pending) return;
      input.dataset.pending = value;
      show(input, "saving", grid.dataset.msgSaving);
      fetch(grid.dataset.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": grid.dataset.csrf,
          "X-Requested-With": "fetch"
        },
        body: JSON.stringify({
          element: input.dataset.element,
          cell: input.dataset.cell,
          value: value
        })
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) throw new Error("offline");
          return response.json();
        })
        .then(function (data) {
          if (!data.ok) {
            show(input, "error", data.error);
            return;
          }
          input.dataset.saved = data.value;
          if (input.value === value && input.tagName === "INPUT") input.value = data.value;
          var text = data.action === "deleted" ? grid.dataset.msgDeleted : grid.dataset.msgSaved;
          if (data.warnings.length) text += " — " + data.warnings.join(" ");
          show(input, "saved", text);
          showViolations(data.violations);
        })
        .catch(function () {
          show(input, "error", grid.dataset.msgOffline);
        })
        .then(function () {
          delete input.dataset.pending;
        });
    }

    function move(from, step) {
      var index = inputs.indexOf(from) + step;
      if (index >= 0 && index < inputs.length) inputs[index].focus();
    }

    function moveInColumn(from, direction) {
      var row = Number(from.dataset.row);
      var col = from.dataset.col;
      var candidates = inputs.filter(function (input) {
        var other = Number(input.dataset.row);
        return direction > 0 ? other > row : other < row;
      });
      if (direction < 0) candidates.reverse();
      var target = candidates.filter(function (input) { return input.dataset.col === col; })[0];
      (target || candidates[0] || from).focus();
    }

    function atEdge(input, end) {
      if (input.tagName !== "INPUT" || input.selectionStart === null) return true;
      var position = end ? input.value.length : 0;
      return input.selectionStart === position && input.selectionEnd === position;
    }

    inputs.forEach(function (input) {
      if (!editable) return;
      input.addEventListener("change", function () { save(input); });
      input.addEventListener("focus", function () {
        if (input.tagName === "INPUT") input.select();
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          save(input);
          move(input, event.shiftKey ? -1 : 1);
        } else if (event.key === "ArrowDown" && input.tagName === "INPUT") {
          event.preventDefault();
          moveInColumn(input, 1);
        } else if (event.key === "ArrowUp" && input.tagName === "INPUT") {
          event.preventDefault();
          moveInColumn(input, -1);
        } else if (event.key === "ArrowRight" && atEdge(input, true)) {
          event.preventDefault();
          move(input, 1);
        } else if (event.key === "ArrowLeft" && atEdge(input, false)) {
          event.preventDefault();
          move(input, -1);
        }
      });
    });
  });
})();
