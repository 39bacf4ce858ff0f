// plainspeak serve: small additions to pages that work without scripts.
// - Drop a file on the box to choose it.
// - Check and download without leaving the page, so the chosen file stays chosen.
// - Move the focus to the results, or to the list of problems in a form.
"use strict";
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }

  function say(text) {
    var status = $("#status");
    if (status) { status.textContent = text; }
  }

  function messageOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var p = $(".message", doc) || $(".problem p", doc) || $("main p", doc);
    return p ? p.textContent.trim() : "Something went wrong. Please try again.";
  }

  function fileName(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/.exec(header);
    if (star) { return decodeURIComponent(star[1]); }
    var plain = /filename="([^"]+)"/.exec(header);
    return plain ? plain[1] : fallback;
  }

  function setup() {
    var form = $("#check-form");
    var drop = $("#drop");
    var input = $("#file");
    if (drop && input) {
      drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
      drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
      drop.addEventListener("drop", function (e) {
        e.preventDefault();
        drop.classList.remove("over");
        if (e.dataTransfer && e.dataTransfer.files.length) {
          input.files = e.dataTransfer.files;
          say("Chosen: " + input.files[0].name);
        }
      });
    }
    if (form && window.fetch && window.FormData) {
      form.addEventListener("submit", function (e) {
        var button = e.submitter;
        var action = (button && button.getAttribute("formaction")) || form.getAttribute("action");
        e.preventDefault();
        var data = new FormData(form);
        var buttons = form.querySelectorAll("button");
        buttons.forEach(function (b) { b.disabled = true; });
        say(action === "/check" ? "Checking. This can take a little while for a long document." : "Making the copy.");
        fetch(action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
          var disposition = response.headers.get("Content-Disposition") || "";
          if (response.ok && disposition.indexOf("attachment") === 0) {
            return response.blob().then(function (blob) {
              var name = fileName(response, "plainspeak-download");
              var link = document.createElement("a");
              link.href = URL.createObjectURL(blob);
              link.download = name;
              link.hidden = true;
              document.body.appendChild(link);
              link.click();
              setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 60000);
              say("Downloaded " + name + ". Look in your downloads folder.");
            });
          }
          return response.text().then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            var fresh = $("#results", doc);
            if (action === "/check" && fresh && fresh.children.length) {
              $("#results").replaceWith(fresh);
              say("");
              var heading = $("#results-heading");
              if (heading) { heading.focus(); }
            } else {
              say(messageOf(html));
            }
          });
        }).catch(function () {
          say("plainspeak did not answer. Is it still running? Start it again and reload this page.");
        }).finally(function () {
          buttons.forEach(function (b) { b.disabled = false; });
        });
      });
    }
    var first = $("#error-summary") || $("#tried");
    if (first) { first.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
