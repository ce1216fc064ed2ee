/* global document, location */
// The tab's static pages (the accessibility statement) take the Teams theme the tab's About page passed in
// ?theme= (default, dark or contrast), before the first paint, and keep it on their own links. Without this
// script, the page shows in the default theme: nothing else depends on it.
(function () {
  var asked = new URLSearchParams(location.search).get('theme');
  var theme = asked === 'dark' || asked === 'contrast' ? asked : 'default';
  document.documentElement.setAttribute('data-theme', theme);
  if (theme === 'default') return;
  document.addEventListener('DOMContentLoaded', function () {
    var links = document.querySelectorAll('a[data-keep-theme]');
    for (var i = 0; i < links.length; i += 1) {
      var url = new URL(links[i].getAttribute('href'), location.href);
      url.searchParams.set('theme', theme);
      links[i].setAttribute('href', url.pathname + url.search + url.hash);
    }
  });
})();
