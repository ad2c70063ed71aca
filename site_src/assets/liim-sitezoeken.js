/* LIIM: material's site search costs nothing until a visitor wants to search.
 *
 * Material 9.8.2's bundle, at start-up, requests search/search_index.json (XMLHttpRequest) and
 * starts the search worker (new Worker(config.search)), which loads lunr and its Dutch files:
 * about 40 KB gzip on every first visit. This file opens our bundle (assets/gen/liim.min.js),
 * which main.html loads before material's bundle, and holds both back until the visitor shows
 * the intent to search: focus or a click/tap on the search field or the search button,
 * material's shortcut keys (/, s, f) or a ?q= in the address. Then the request is sent and the
 * worker is started, and search works as before (material sends a query typed meanwhile once
 * its worker is ready). Without this script nothing changes but the moment of loading. */
(function (window, document) {
  "use strict";

  var INDEX = /\/search\/search_index\.json([?#]|$)/;
  var WORKER = /(^|\/)workers\/search\.[^\/?#]*\.js([?#]|$)/;
  var started = false;
  var waiting = [];
  var events = [];

  function later(task) {
    if (started) { task(); } else { waiting.push(task); }
  }

  function start() {
    if (started) { return; }
    started = true;
    events.forEach(function (e) { document.removeEventListener(e[0], e[1], true); });
    waiting.splice(0).forEach(function (task) { task(); });
  }

  /* --- the search index: send() waits ------------------------------------------------ */
  var xhr = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (xhr) {
    var open = xhr.open, send = xhr.send, abort = xhr.abort;
    xhr.open = function (method, url) {
      this.liimUrl = String(url);
      this.liimAborted = false;
      return open.apply(this, arguments);
    };
    xhr.send = function () {
      var request = this, args = arguments;
      if (started || !INDEX.test(request.liimUrl || "")) { return send.apply(request, args); }
      later(function () { if (!request.liimAborted) { send.apply(request, args); } });
    };
    xhr.abort = function () {
      this.liimAborted = true;
      return abort.apply(this, arguments);
    };
  }

  /* --- the search worker: a stand-in until then --------------------------------------- */
  var RealWorker = window.Worker;
  if (RealWorker) {
    var LazyWorker = function (url, options) {
      var self = this;
      self.url = url;
      self.options = options;
      self.queue = [];
      self.listeners = [];
      self.worker = null;
      self.ended = false;
      self.onmessage = self.onerror = null;
      later(function () { self.run(); });
    };
    LazyWorker.prototype.run = function () {
      if (this.worker || this.ended) { return; }
      var self = this, worker = new RealWorker(self.url, self.options);
      self.worker = worker;
      worker.onmessage = function (e) { if (self.onmessage) { self.onmessage(e); } };
      worker.onerror = function (e) { if (self.onerror) { self.onerror(e); } };
      self.listeners.forEach(function (l) { worker.addEventListener(l[0], l[1], l[2]); });
      self.queue.splice(0).forEach(function (args) { worker.postMessage.apply(worker, args); });
    };
    LazyWorker.prototype.addEventListener = function (type, listener, options) {
      this.listeners.push([type, listener, options]);
      if (this.worker) { this.worker.addEventListener(type, listener, options); }
    };
    LazyWorker.prototype.removeEventListener = function (type, listener, options) {
      this.listeners = this.listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
      if (this.worker) { this.worker.removeEventListener(type, listener, options); }
    };
    LazyWorker.prototype.postMessage = function () {
      if (this.worker) { this.worker.postMessage.apply(this.worker, arguments); } else { this.queue.push(arguments); }
    };
    LazyWorker.prototype.terminate = function () {
      this.ended = true;
      this.queue = [];
      if (this.worker) { this.worker.terminate(); }
    };
    window.Worker = function (url, options) {
      return !started && WORKER.test(String(url)) ? new LazyWorker(url, options) : new RealWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  /* --- the visitor's intent ------------------------------------------------------------- */
  function inSearch(target, selector) {
    return !!(target && target.closest && target.closest(selector));
  }
  function editable(el) {
    return !!el && (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) || el.isContentEditable);
  }
  var TOGGLE = '.md-search, label[for="__search"], #__search';
  events = [
    ["focusin", function (e) { if (inSearch(e.target, ".md-search")) { start(); } }],
    ["pointerdown", function (e) { if (inSearch(e.target, TOGGLE)) { start(); } }],
    ["click", function (e) { if (inSearch(e.target, TOGGLE)) { start(); } }],
    ["change", function (e) { if (e.target && e.target.id === "__search") { start(); } }],
    ["keydown", function (e) {
      if (!e.ctrlKey && !e.metaKey && !e.altKey && /^[sf\/]$/.test(e.key) && !editable(e.target)) { start(); }
    }]
  ];
  if (/[?&]q=/.test(window.location.search)) {
    start();
  } else {
    events.forEach(function (e) { document.addEventListener(e[0], e[1], true); });
  }
}(window, document));
