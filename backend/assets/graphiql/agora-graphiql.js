// Starts GraphiQL on Agora's /graphiql page. It is a file of its own, served from the server
// like GraphiQL and React, because the page's Content-Security-Policy allows no inline script.
// The example tabs and the header templates come from the page's JSON data block, which the
// server writes from backend/assets/graphiql/examples/.
(function () {
  "use strict";

  // GraphiQL's dialogs insert a <style> element to lock scrolling (react-remove-scroll), which
  // the page's policy admits only with this response's nonce: that library reads it from the
  // global __webpack_nonce__.
  window.__webpack_nonce__ = document.currentScript.nonce;

  var config = JSON.parse(document.getElementById("agora-graphiql-config").textContent);

  // Subscriptions go to the same host, over wss: when the page came over https:.
  var socketScheme = location.protocol === "https:" ? "wss:" : "ws:";
  var sendToAgora = GraphiQL.createFetcher({
    url: config.endpoint,
    subscriptionUrl: socketScheme + "//" + location.host + config.subscriptionEndpoint,
  });

  // GraphiQL also hands the headers to the websocket as its connection_init payload, a JSON
  // object in which Agora reads the key "authorization". Header names ignore case over HTTP, so
  // lower-casing them lets a token pasted under "Authorization" sign subscriptions in as well.
  function fetcher(params, options) {
    var given = (options && options.headers) || {};
    var headers = {};
    Object.keys(given).forEach(function (name) {
      headers[name.toLowerCase()] = given[name];
    });
    return sendToAgora(params, Object.assign({}, options, { headers: headers }));
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultHeaders: config.defaultHeaders,
      defaultEditorToolsVisibility: true,
      // Tokens typed into the headers stay in this tab's memory, never in localStorage.
      shouldPersistHeaders: false,
    })
  );
})();
