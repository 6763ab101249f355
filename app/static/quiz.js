// A quiz attempt in progress: each answer is saved as it is given (and saved again once the
// connection is back), the countdown shows the time left and submits at zero, and a submit
// with unanswered questions lists them and asks to confirm. Without this script the form
// still works: the server keeps the answers sent, lists the unanswered and enforces the time.
(function () {
  "use strict";
  const form = document.getElementById("quiz-attempt");
  if (!form) { return; }
  const status = document.getElementById("quiz-save-status");
  const pending = new Set();
  let submitting = false;

  function answerData(name) {
    const data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    form.querySelectorAll(`input[name="${name}"]:checked`).forEach(function (input) {
      data.append(name, input.value);
    });
    if (!data.has(name)) { data.append(name, ""); }
    return data;
  }

  function save(name) {
    pending.add(name);
    status.textContent = status.dataset.saving || "…";
    fetch(form.dataset.saveUrl, {method: "POST", body: answerData(name), credentials: "same-origin"})
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) { pending.delete(name); }
          status.textContent = body.message;
        });
      })
      .catch(function () {
        status.textContent = form.dataset.offline;
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.startsWith("q-")) { save(event.target.name); }
  });
  window.addEventListener("online", function () { pending.forEach(save); });

  function unanswered() {
    const numbers = [];
    form.querySelectorAll("fieldset[data-question]").forEach(function (fieldset) {
      if (!fieldset.querySelector("input:checked")) { numbers.push(fieldset.dataset.question); }
    });
    return numbers;
  }

  form.addEventListener("submit", function (event) {
    const confirmed = event.submitter && event.submitter.hasAttribute("data-confirm-submit");
    if (confirmed || submitting) { form.elements.confirm.value = "1"; return; }
    const numbers = unanswered();
    if (numbers.length && !form.dataset.confirm) {
      event.preventDefault();
      const box = document.getElementById("quiz-unanswered");
      box.querySelector("[data-numbers]").textContent = numbers.join(", ");
      box.classList.remove("d-none");
      box.focus();
    }
  });

  const countdown = document.getElementById("quiz-countdown");
  if (countdown && form.dataset.secondsLeft) {
    const ends = Date.now() + Number(form.dataset.secondsLeft) * 1000;
    const tick = function () {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        submitting = true;
        form.elements.confirm.value = "1";
        form.requestSubmit();
        return;
      }
      window.setTimeout(tick, 1000);
    };
    tick();
  }
}());
