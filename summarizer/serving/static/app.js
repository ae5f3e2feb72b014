// The page's behaviour: two input modes, decoding overrides behind "고급 설정", the answer with its figures.
// Plain browser JavaScript, no framework or CDN: it is served by the app and works offline.
"use strict";

const DECODING = ["num_beams", "length_penalty", "max_new_tokens", "min_length", "no_repeat_ngram_size"];
const $ = (id) => document.getElementById(id);
let mode = "text";
let limits = null;

function selectTab(next) {
  mode = next;
  for (const name of ["text", "url"]) {
    const selected = name === next;
    $(`tab-${name}`).setAttribute("aria-selected", String(selected));
    $(`tab-${name}`).tabIndex = selected ? 0 : -1;
    $(`panel-${name}`).hidden = !selected;
  }
  $(next === "text" ? "article" : "url").focus();
}

function decodingOverrides() {
  const overrides = {};
  for (const name of DECODING) {
    const value = $(name).value.trim();
    if (value !== "") overrides[name] = Number(value);
  }
  return overrides;
}

function describeError(body, status) {
  const detail = body && body.detail;
  if (Array.isArray(detail)) return detail.map((item) => item.msg).join(" ");
  if (typeof detail === "string") return detail;
  return `요청이 실패했습니다 (HTTP ${status}).`;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function showResult(answer) {
  const first = answer.summaries[0];
  $("summary").textContent = first.summary || "(빈 요약: 모델이 아무것도 생성하지 않았습니다)";
  $("latency").textContent = `${Math.round(answer.latency_ms)} ms`;
  $("tokens").textContent = `${first.input_tokens} / ${answer.max_source_tokens}`;
  $("batch").textContent = String(answer.batch_size);
  const warning = $("truncated-warning");
  warning.hidden = !first.truncated;
  warning.textContent = first.truncated
    ? `입력이 모델의 최대 길이(${answer.max_source_tokens} 토큰)를 넘어 앞부분 ${answer.max_source_tokens} 토큰만 요약했습니다 (입력 ${first.input_tokens} 토큰).`
    : "";
  const fromUrl = "text" in answer;
  $("article-title").hidden = !(fromUrl && answer.title);
  $("article-title").textContent = fromUrl && answer.title ? answer.title : "";
  $("extracted").hidden = !fromUrl;
  $("extracted-text").textContent = fromUrl ? answer.text : "";
  const used = Object.entries(answer.decoding).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  $("decoding-used").textContent = `디코딩: ${used.join(", ")}`;
  $("result").hidden = false;
}

async function submit(event) {
  if (event) event.preventDefault();
  $("error").hidden = true;
  const decoding = decodingOverrides();
  let path, body;
  if (mode === "text") {
    const text = $("article").value;
    if (!text.trim()) return showError("요약할 기사 본문을 입력하세요.");
    path = "/v1/summarize";
    body = { text, decoding };
  } else {
    const url = $("url").value.trim();
    if (!url) return showError("뉴스 기사 주소를 입력하세요.");
    path = "/v1/summarize-url";
    body = { url, decoding };
  }
  const button = $("submit");
  button.disabled = true;
  button.textContent = "요약하는 중…";
  try {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    if (!response.ok) return showError(describeError(answer, response.status));
    showResult(answer);
  } catch (error) {
    showError(`서버에 연결할 수 없습니다: ${error.message}`);
  } finally {
    button.disabled = false;
    button.textContent = "요약하기";
  }
}

async function loadLimits() {
  try {
    limits = await (await fetch("/v1/limits")).json();
  } catch (error) {
    $("model-info").textContent = "모델 정보를 불러오지 못했습니다.";
    return;
  }
  $("max-chars").textContent = limits.max_chars.toLocaleString("ko-KR");
  $("article").maxLength = limits.max_chars;
  for (const name of DECODING) {
    const range = limits.decoding[name];
    $(name).min = range.min;
    $(name).max = range.max;
    $(name).placeholder = `${range.min}–${range.max}`;
  }
  const model = limits.model;
  const commit = model.commit ? ` · ${model.commit.slice(0, 10)}` : "";
  $("model-info").textContent = `모델: ${model.run_dir || model.model_dir}${commit} · 최대 입력 ${limits.max_source_tokens} 토큰`;
}

document.addEventListener("DOMContentLoaded", () => {
  $("tab-text").addEventListener("click", () => selectTab("text"));
  $("tab-url").addEventListener("click", () => selectTab("url"));
  document.querySelector(".tabs").addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") selectTab(mode === "text" ? "url" : "text");
  });
  $("form").addEventListener("submit", submit);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
  });
  $("article").addEventListener("input", () => {
    $("char-count").textContent = $("article").value.length.toLocaleString("ko-KR");
  });
  loadLimits();
});
