/**
 * ≥ 100 XSS payloads for names and lead fields. Each would call `__xss(n)` or leave an element
 * marked `data-xss` if it ever became markup; rendered as text, neither happens. All ≤ 120 chars
 * (the name columns' width).
 */
const templates: Array<(n: number) => string> = [
  (n) => `<script data-xss>__xss(${n})</script>`,
  (n) => `<img data-xss src=x onerror="__xss(${n})">`,
  (n) => `<svg data-xss onload="__xss(${n})">`,
  (n) => `"><img data-xss src=x onerror=__xss(${n})>`,
  (n) => `'><svg data-xss/onload=__xss(${n})>`,
  (n) => `<iframe data-xss srcdoc="<script>parent.__xss(${n})</script>">`,
  (n) => `<a data-xss href="javascript:__xss(${n})">x</a>`,
  (n) => `<div data-xss hx-get="/logout" hx-trigger="load">${n}</div>`,
  (n) => `<div data-xss x-data x-init="__xss(${n})"></div>`,
  (n) => `<script data-xss src="/static/vendor/htmx.js"></script>${n}`,
  (n) => `</title><script data-xss>__xss(${n})</script>`,
  (n) => `<math data-xss><mtext><table><mglyph><style><img src=x onerror=__xss(${n})>`,
  (n) => `<base data-xss href="https://evil.example/">${n}`,
  (n) => `<meta data-xss http-equiv="refresh" content="0;url=javascript:__xss(${n})">`,
  (n) => `<form data-xss action="javascript:__xss(${n})"><button>go</button></form>`,
  (n) => `<input data-xss autofocus onfocus=__xss(${n})>`,
  (n) => `<details data-xss open ontoggle=__xss(${n})>`,
  (n) => `<object data-xss data="javascript:__xss(${n})"></object>`,
  (n) => `<template data-xss><script>__xss(${n})</script></template>`,
  (n) => `<body data-xss onload=__xss(${n})>`,
  (n) => `<style data-xss>*{background:url("javascript:__xss(${n})")}</style>`,
  (n) => `<!--<img data-xss src="--><img data-xss src=x onerror=__xss(${n})>">`,
];

const wrappers: Array<(payload: string) => string> = [
  (p) => p,
  (p) => `Ana ${p}`,
  (p) => p.toUpperCase().replace('__XSS', '__xss').replace('DATA-XSS', 'data-xss'),
  (p) => `${p} Smith`,
  (p) => `\u202e${p}`,
];

export const xssPayloads: string[] = wrappers.flatMap((wrap, w) =>
  templates.map((template, t) => wrap(template(w * 100 + t))),
);
