/* The early copy of the post-test (caserate_kit.course.widgets._early_posttest): a classic
   script, run as soon as it is parsed (a module script would wait for the whole page,
   Voila's own scripts included). It imports the widget's script, which the copy holds as
   text, and draws the post-test from the state the copy holds. Called with the copy's id. */
(function (id) {
  var box = document.getElementById(id);
  if (!box || box.dataset.taken) { return; }
  var read = function (part) { return box.querySelector(part).textContent; };
  var url = URL.createObjectURL(
    new Blob([read(".ck-test-early-script")], { type: "text/javascript" }));
  import(url).then(function (module) {
    URL.revokeObjectURL(url);
    module.drawEarly(box, JSON.parse(read(".ck-test-early-state")));
  });
})
