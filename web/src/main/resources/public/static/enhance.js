/*
 * Veilig Melden: progressive enhancement only. Every page works without this file.
 * - Quick exit (#quick-exit): leave with location.replace, so the page is not kept as an extra
 *   history entry; Escape pressed twice quickly does the same.
 * - Receipt: show the "Copy code" and "Print" buttons and wire them up.
 * - Text that only holds with this script (.js-only, e.g. "press Esc twice") is shown.
 * - An error summary is focused (autofocus does it too; this is for browsers that ignore it).
 * No network calls, no storage, no cookies.
 */
(function () {
  'use strict';

  var ESCAPE_WINDOW_MS = 1000;
  var COPIED_MS = 2500;

  function setUpQuickExit() {
    var exit = document.getElementById('quick-exit');
    if (!exit) {
      return;
    }

    function leave() {
      window.location.replace(exit.href);
    }

    exit.addEventListener('click', function (event) {
      // Modified clicks (new tab, new window) keep their usual meaning.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      try {
        leave();
        event.preventDefault();
      } catch (e) {
        // Let the normal link do its work.
      }
    });

    var lastEscape = 0;
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' && event.key !== 'Esc') {
        return;
      }
      var now = Date.now();
      if (now - lastEscape <= ESCAPE_WINDOW_MS) {
        lastEscape = 0;
        try {
          leave();
        } catch (e) {
          window.location.href = exit.href;
        }
      } else {
        lastEscape = now;
      }
    });
  }

  function selectText(element) {
    try {
      var range = document.createRange();
      range.selectNodeContents(element);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    } catch (e) {
      // Nothing more we can do; the code stays on screen to be written down.
    }
  }

  function setUpReceipt() {
    var code = document.getElementById('return-code');
    if (!code) {
      return;
    }

    var copyButton = document.getElementById('copy-code');
    var status = document.getElementById('copy-status');
    if (copyButton) {
      var label = copyButton.textContent;
      var copiedLabel = copyButton.getAttribute('data-copied') || label;
      var timer = null;

      var showCopied = function () {
        copyButton.textContent = copiedLabel;
        if (status) {
          status.textContent = copiedLabel;
        }
        if (timer) {
          window.clearTimeout(timer);
        }
        timer = window.setTimeout(function () {
          copyButton.textContent = label;
          if (status) {
            status.textContent = '';
          }
          timer = null;
        }, COPIED_MS);
      };

      copyButton.addEventListener('click', function () {
        var text = (code.textContent || '').trim();
        if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
          navigator.clipboard.writeText(text).then(showCopied, function () {
            selectText(code);
          });
        } else {
          selectText(code);
        }
      });
      copyButton.hidden = false;
    }

    var printButton = document.getElementById('print-code');
    if (printButton && typeof window.print === 'function') {
      printButton.addEventListener('click', function () {
        window.print();
      });
      printButton.hidden = false;
    }
  }

  function showScriptOnlyText() {
    var items = document.querySelectorAll('.js-only');
    for (var i = 0; i < items.length; i++) {
      items[i].hidden = false;
    }
  }

  function focusErrorSummary() {
    var summary = document.getElementById('error-summary');
    if (summary && document.activeElement !== summary) {
      try {
        summary.focus();
      } catch (e) {
        // The summary is first on the page all the same.
      }
    }
  }

  function start() {
    setUpQuickExit();
    setUpReceipt();
    showScriptOnlyText();
    focusErrorSummary();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
