/* The web edition's one script: a note opens beside its call.
   Without it, a note call is a link to the note at the end of its
   section, and the note's label a link back to the call. */
(function () {
  "use strict";
  var open = null;

  function close(refocus) {
    if (!open) { return; }
    var ref = open.ref;
    open.box.parentNode.removeChild(open.box);
    ref.classList.remove("open");
    ref.setAttribute("aria-expanded", "false");
    open = null;
    if (refocus) { ref.focus(); }
  }

  function place(box, ref) {
    var r = ref.getBoundingClientRect();
    var main = document.getElementById("main");
    var m = main ? main.getBoundingClientRect() : { left: 0, right: window.innerWidth };
    var margin = window.innerWidth - m.right;
    var top, left;
    box.style.maxWidth = "";
    if (margin >= 220) {
      /* beside the text, level with the call */
      box.style.maxWidth = Math.min(384, margin - 24) + "px";
      top = window.scrollY + r.top - 8;
      left = m.right + 8;
    } else {
      /* under the call's line */
      top = window.scrollY + r.bottom + 6;
      left = Math.min(Math.max(8, r.left - 40), window.innerWidth - box.offsetWidth - 8);
    }
    box.style.top = top + "px";
    box.style.left = Math.max(8, left + window.scrollX) + "px";
  }

  function show(ref, note) {
    close(false);
    var box = document.createElement("div");
    box.className = "note-popover";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", ref.getAttribute("title") || "Note");
    box.tabIndex = -1;
    var copy = note.cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) {
      el.removeAttribute("id");
    });
    Array.prototype.forEach.call(copy.querySelectorAll("a.backlink"), function (a) {
      /* back to the call: it is right here; close and return to it */
      a.addEventListener("click", function (e) { e.preventDefault(); close(true); });
    });
    while (copy.firstChild) { box.appendChild(copy.firstChild); }
    var more = document.createElement("p");
    more.className = "note-more";
    var link = document.createElement("a");
    link.href = "#" + note.id;
    link.textContent = "The note among the notes";
    link.addEventListener("click", function () { close(false); });
    more.appendChild(link);
    box.appendChild(more);
    var x = document.createElement("button");
    x.type = "button";
    x.className = "note-close";
    x.setAttribute("aria-label", "Close the note");
    x.textContent = "×";
    x.addEventListener("click", function () { close(true); });
    box.appendChild(x);
    document.body.appendChild(box);
    place(box, ref);
    ref.classList.add("open");
    ref.setAttribute("aria-expanded", "true");
    open = { box: box, ref: ref };
    box.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (e) {
    var ref = e.target.closest ? e.target.closest("a.noteref") : null;
    if (!ref) {
      if (open && !open.box.contains(e.target)) { close(false); }
      return;
    }
    var id = decodeURIComponent((ref.hash || "").slice(1));
    var note = id && document.getElementById(id);
    if (!note) { return; }           /* on another page: follow the link */
    e.preventDefault();
    if (open && open.ref === ref) { close(true); return; }
    show(ref, note);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(true); }
  });
  window.addEventListener("resize", function () {
    if (open) { place(open.box, open.ref); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.noteref"), function (a) {
    a.setAttribute("aria-haspopup", "dialog");
    a.setAttribute("aria-expanded", "false");
  });
  /* Opened at a note call's address (#...-ref-1): show its note. */
  function fromHash() {
    var ref = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (ref && ref.classList && ref.classList.contains("noteref")) {
      var note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
      if (note) { show(ref, note); }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fromHash);
  } else { fromHash(); }
}());
