/*
 * Live "similar concerns" hint on the new-concern form.
 *
 * As the author picks a contract or types a title, ask the server for concerns about the
 * same contract or with similar titles, and list them. Without JavaScript the server-rendered
 * list (and the draft page) does the same job. Text is inserted with textContent only.
 */
(function () {
  "use strict";

  var section = document.getElementById("similar");
  var results = document.getElementById("similar-results");
  var title = document.getElementById("title");
  var contract = document.getElementById("contract_id");
  if (!section || !results || !title || !contract || !window.fetch) {
    return;
  }
  var endpoint = section.getAttribute("data-similar-url");
  var timer = null;
  var latest = 0;

  function render(items) {
    results.textContent = "";
    if (!items.length) {
      var none = document.createElement("p");
      none.className = "hint";
      none.textContent = "No similar concerns found. Choose a contract or type a title to check again.";
      results.appendChild(none);
      return;
    }
    var list = document.createElement("ul");
    list.className = "similar-list";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " about " + item.contract + " \u00b7 " + item.status_label + " \u00b7 " +
        item.signature_count + " signatures";
      if (item.same_contract) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "Same contract";
        li.appendChild(badge);
        li.appendChild(document.createTextNode(" "));
      }
      li.appendChild(link);
      li.appendChild(meta);
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  function lookup() {
    var ticket = ++latest;
    var params = new URLSearchParams({ contract_id: contract.value, title: title.value.slice(0, 200) });
    fetch(endpoint + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("similar lookup failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (ticket === latest) {
          render(data.items || []);
        }
      })
      .catch(function () {
        /* Keep the server-rendered list; the draft page checks again before publishing. */
      });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 300);
  }

  title.addEventListener("input", soon);
  contract.addEventListener("change", lookup);
})();
