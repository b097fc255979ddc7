/* Material's storage helpers, which its bundle and the palette script call: what Material's
 * partials/javascripts/base.html does inline, as a file, so the page's Content-Security-Policy
 * needs no 'unsafe-inline' (site_src/overrides/). Globals on purpose: Material reads them so. */
/* eslint-disable no-var */
var __md_scope = new URL(document.currentScript.dataset.scope, location);

var __md_hash = function (text) {
  return [...text].reduce((hash, character) => (hash << 5) - hash + character.charCodeAt(0), 0);
};

var __md_get = function (key, storage = localStorage, scope = __md_scope) {
  return JSON.parse(storage.getItem(scope.pathname + "." + key));
};

var __md_set = function (key, value, storage = localStorage, scope = __md_scope) {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // storage full or refused (private mode): the preference is simply not kept
  }
};
