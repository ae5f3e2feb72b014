// The rating page. It knows only "left" and "right"; the server maps them to systems.
// URLs are relative to the page, so the app also works mounted under a prefix of another app.
// Nothing is lost on a reload or a server restart: the name and study are remembered, the current answer is
// kept as a draft, and a submitted rating stays in a local queue until the server has acknowledged it.
"use strict";

const $ = (selector) => document.querySelector(selector);
const LEFT_KEYS = ["q", "w", "e", "r"];
const RIGHT_KEYS = ["u", "i", "o", "p"];
const RETRY_MS = 3000;
const state = { study: null, annotator: null, item: null, preference: null, flags: {}, sending: false };

function key(kind) { return `he:${kind}:${state.study}:${state.annotator}`; }
function pending() { return JSON.parse(localStorage.getItem(key("pending")) || "[]"); }
function setPending(list) { localStorage.setItem(key("pending"), JSON.stringify(list)); }

function say(text, ok = false) {
  const message = $("#message");
  message.textContent = text || "";
  message.className = ok ? "ok" : "";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined,
  });
  let data = {};
  try { data = await response.json(); } catch (error) { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    const error = new Error(data.detail || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

async function loadStudies() {
  const select = $("#study");
  const { studies, flags } = await api("GET", "api/studies");
  state.flagLabels = flags;
  select.replaceChildren(...studies.map((name) => new Option(name, name)));
  const wanted = new URLSearchParams(location.search).get("study") || localStorage.getItem("he:study");
  if (wanted && studies.includes(wanted)) select.value = wanted;
  if (!studies.length) say("연구가 없습니다. 먼저 `python -m summarizer.human_eval create`로 연구를 만드세요.");
  for (const side of ["left", "right"]) {
    const fieldset = document.querySelector(`.flags[data-side=${side}]`);
    Object.entries(flags).forEach(([flag, label], index) => {
      const shortcut = (side === "left" ? LEFT_KEYS : RIGHT_KEYS)[index].toUpperCase();
      const box = document.createElement("label");
      box.innerHTML = `<input type="checkbox" data-side="${side}" value="${flag}"> ${label} <kbd>${shortcut}</kbd>`;
      fieldset.append(box);
    });
  }
  document.querySelectorAll(".flags input").forEach((box) => box.addEventListener("change", saveDraft));
}

async function start(event) {
  if (event) event.preventDefault();
  const annotator = $("#annotator").value.trim();
  if (!annotator) { say("평가자 이름을 입력하세요."); $("#annotator").focus(); return; }
  state.study = $("#study").value;
  state.annotator = annotator;
  try {
    await api("POST", `api/studies/${encodeURIComponent(state.study)}/annotators`, { annotator });
  } catch (error) { say(error.message); return; }
  localStorage.setItem("he:annotator", annotator);
  localStorage.setItem("he:study", state.study);
  await flush();
}

// Send every queued rating in order; then show the next example. On a network error or 503 keep the queue
// and retry, so a rating made while the server or database is down is sent when it is back.
async function flush() {
  if (state.sending) return;
  state.sending = true;
  try {
    let queue = pending();
    while (queue.length) {
      try {
        await api("POST", `api/studies/${encodeURIComponent(state.study)}/ratings`, queue[0]);
      } catch (error) {
        if (!error.status || error.status >= 500) {
          say(`저장 대기 중 (${queue.length}건): 서버에 다시 연결합니다… ${error.message}`);
          setTimeout(flush, RETRY_MS);
          return;
        }
        say(`이 평가는 저장되지 않았습니다: ${error.message}`);  // a 4xx: retrying cannot help
      }
      queue = queue.slice(1);
      setPending(queue);
    }
    await showNext();
  } catch (error) {
    say(`서버에 연결할 수 없습니다: ${error.message}. 잠시 후 다시 시도합니다.`);
    setTimeout(flush, RETRY_MS);
  } finally {
    state.sending = false;
  }
}

async function showNext() {
  const data = await api("GET", `api/studies/${encodeURIComponent(state.study)}/next?annotator=${encodeURIComponent(state.annotator)}`);
  const { done, total } = data.progress;
  $("#progress").hidden = false;
  $("#progress-text").textContent = `${done} / ${total} 완료`;
  $("#progress-bar").max = total || 1;
  $("#progress-bar").value = done;
  state.item = data.item;
  if (!data.item) {
    $("#rating").hidden = true;
    $("#done").hidden = false;
    return;
  }
  $("#done").hidden = true;
  $("#rating").hidden = false;
  $("#example-label").textContent = `(${done + 1}번째 · id ${data.item.example_id})`;
  $("#document").textContent = data.item.document;
  $("#left-summary").textContent = data.item.left;
  $("#right-summary").textContent = data.item.right;
  restoreDraft();
  $("#document").parentElement.scrollTop = 0;
}

function choose(preference) {
  state.preference = preference;
  document.querySelectorAll(".preference button").forEach((button) => {
    button.setAttribute("aria-checked", String(button.dataset.preference === preference));
  });
  $("#left-card").classList.toggle("chosen", preference === "left");
  $("#right-card").classList.toggle("chosen", preference === "right");
  $("#submit").disabled = !preference;
  saveDraft();
}

function currentAnswer() {
  const flags = (side) => [...document.querySelectorAll(`.flags input[data-side=${side}]:checked`)].map((box) => box.value);
  return { annotator: state.annotator, example_id: state.item.example_id, preference: state.preference,
           flags_left: flags("left"), flags_right: flags("right"), comment: $("#comment").value };
}

function draftKey() { return `${key("draft")}:${state.item.example_id}`; }

function saveDraft() {
  if (state.item) localStorage.setItem(draftKey(), JSON.stringify(currentAnswer()));
}

function restoreDraft() {
  const draft = JSON.parse(localStorage.getItem(draftKey()) || "null");
  document.querySelectorAll(".flags input").forEach((box) => {
    box.checked = !!draft && (box.dataset.side === "left" ? draft.flags_left : draft.flags_right).includes(box.value);
  });
  $("#comment").value = draft ? draft.comment : "";
  choose(draft ? draft.preference : null);
}

async function submit() {
  if (!state.item || !state.preference || state.sending) return;
  const answer = currentAnswer();
  setPending([...pending(), answer]);
  localStorage.removeItem(draftKey());
  say("저장했습니다.", true);
  await flush();
}

function toggleFlag(side, index) {
  const boxes = document.querySelectorAll(`.flags input[data-side=${side}]`);
  if (boxes[index]) { boxes[index].checked = !boxes[index].checked; saveDraft(); }
}

function onKey(event) {
  if ($("#rating").hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(event.target.tagName) && event.target.type !== "checkbox";
  if (typing) return;
  const k = event.key.toLowerCase();
  const preferences = { "1": "left", arrowleft: "left", "2": "tie", arrowdown: "tie", "3": "right", arrowright: "right" };
  if (k in preferences) { choose(preferences[k]); event.preventDefault(); }
  else if (LEFT_KEYS.includes(k)) toggleFlag("left", LEFT_KEYS.indexOf(k));
  else if (RIGHT_KEYS.includes(k)) toggleFlag("right", RIGHT_KEYS.indexOf(k));
  else if (k === "enter") { event.preventDefault(); submit(); }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("#login").addEventListener("submit", start);
  document.querySelectorAll(".preference button").forEach((button) => {
    button.addEventListener("click", () => choose(button.dataset.preference));
  });
  $("#submit").addEventListener("click", submit);
  $("#comment").addEventListener("input", saveDraft);
  document.addEventListener("keydown", onKey);
  try { await loadStudies(); } catch (error) { say(`연구 목록을 불러오지 못했습니다: ${error.message}`); return; }
  const remembered = localStorage.getItem("he:annotator");
  if (remembered) { $("#annotator").value = remembered; await start(); }  // a reload resumes where it stopped
});
