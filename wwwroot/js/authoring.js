// Case editor: live Markdown preview (rendered on the server by the reveal page's pipeline), image preview,
// and the lesion box drawn with the mouse or moved and resized with the keyboard. No inline script (CSP).
(function () {
  'use strict';

  const form = document.getElementById('case-form');
  if (!form) { return; }
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;

  // --- Markdown preview -------------------------------------------------------------------------------------
  const textarea = document.getElementById('NotesMarkdown');
  const preview = document.getElementById('notes-preview');
  let timer = null;
  let pending = null;
  async function renderPreview() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    const body = new FormData();
    body.append('Markdown', textarea.value);
    try {
      const response = await fetch(preview.dataset.previewUrl, {
        method: 'POST', body: body, headers: { 'RequestVerificationToken': token }, credentials: 'same-origin', signal: pending.signal,
      });
      // The server's HTML has been through Markdig (raw HTML off) and HtmlSanitizer.
      preview.innerHTML = response.ok ? await response.text() : '';
      if (!response.ok) { preview.textContent = 'Preview unavailable: ' + (await response.text() || response.status); }
    } catch (e) {
      if (e.name !== 'AbortError') { preview.textContent = 'Preview unavailable.'; }
    }
  }
  if (textarea && preview) {
    textarea.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(renderPreview, 300); });
    renderPreview();
  }

  // --- Image preview and lesion box -------------------------------------------------------------------------
  const editor = document.getElementById('box-editor');
  const image = document.getElementById('box-image');
  const outline = document.getElementById('box-outline');
  const fileInput = document.getElementById('Image');
  const inputs = ['BoxX', 'BoxY', 'BoxWidth', 'BoxHeight'].map(function (id) { return document.getElementById(id); });
  let naturalWidth = Number(editor.dataset.width) || 0;
  let naturalHeight = Number(editor.dataset.height) || 0;

  function readBox() {
    const v = inputs.map(function (i) { return i.value === '' ? null : Number(i.value); });
    return v.some(function (n) { return n === null || Number.isNaN(n); }) ? null : { x: v[0], y: v[1], w: v[2], h: v[3] };
  }

  function clamp(box) {
    const w = Math.max(1, Math.min(Math.round(box.w), naturalWidth || box.w));
    const h = Math.max(1, Math.min(Math.round(box.h), naturalHeight || box.h));
    const x = Math.max(0, Math.min(Math.round(box.x), (naturalWidth || box.x + w) - w));
    const y = Math.max(0, Math.min(Math.round(box.y), (naturalHeight || box.y + h) - h));
    return { x: x, y: y, w: w, h: h };
  }

  function writeBox(box) {
    const values = box ? [box.x, box.y, box.w, box.h] : ['', '', '', ''];
    inputs.forEach(function (input, i) { input.value = values[i]; });
    drawBox();
  }

  function drawBox() {
    const box = readBox();
    if (!box || !naturalWidth || image.classList.contains('hidden')) { outline.classList.add('hidden'); return; }
    const scale = image.clientWidth / naturalWidth;
    outline.classList.remove('hidden');
    outline.style.left = (box.x * scale) + 'px';
    outline.style.top = (box.y * scale) + 'px';
    outline.style.width = (box.w * scale) + 'px';
    outline.style.height = (box.h * scale) + 'px';
    outline.setAttribute('aria-label', 'Lesion box at x ' + box.x + ', y ' + box.y + ', ' + box.w + ' by ' + box.h + ' pixels');
  }

  function toImage(event) {
    const rect = image.getBoundingClientRect();
    const scale = naturalWidth / rect.width;
    return {
      x: Math.max(0, Math.min(naturalWidth, (event.clientX - rect.left) * scale)),
      y: Math.max(0, Math.min(naturalHeight, (event.clientY - rect.top) * scale)),
    };
  }

  let start = null;
  image.addEventListener('pointerdown', function (event) {
    if (!naturalWidth) { return; }
    event.preventDefault();
    start = toImage(event);
    image.setPointerCapture(event.pointerId);
  });
  image.addEventListener('pointermove', function (event) {
    if (!start) { return; }
    const p = toImage(event);
    writeBox(clamp({ x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x) || 1, h: Math.abs(p.y - start.y) || 1 }));
  });
  image.addEventListener('pointerup', function () { start = null; outline.focus(); });

  outline.addEventListener('keydown', function (event) {
    const box = readBox();
    if (!box) { return; }
    const step = event.altKey ? 10 : 1;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
    if (!d) { return; }
    event.preventDefault();
    if (event.shiftKey) {
      writeBox(clamp({ x: box.x, y: box.y, w: box.w + d[0], h: box.h + d[1] }));
    } else {
      writeBox(clamp({ x: box.x + d[0], y: box.y + d[1], w: box.w, h: box.h }));
    }
  });

  inputs.forEach(function (input) { input.addEventListener('input', drawBox); });
  document.getElementById('box-clear').addEventListener('click', function () { writeBox(null); });
  window.addEventListener('resize', drawBox);

  image.addEventListener('load', function () {
    naturalWidth = image.naturalWidth;
    naturalHeight = image.naturalHeight;
    drawBox();
  });
  if (image.complete && image.naturalWidth) { naturalWidth = image.naturalWidth; naturalHeight = image.naturalHeight; }

  fileInput.addEventListener('change', function () {
    const file = fileInput.files && fileInput.files[0];
    if (!file) { return; }
    // A local preview only; the server checks the file again when the form is saved.
    if (image.src && image.src.indexOf('blob:') === 0) { URL.revokeObjectURL(image.src); }
    image.classList.remove('hidden');
    image.removeAttribute('width');
    image.removeAttribute('height');
    image.src = URL.createObjectURL(file);
  });

  drawBox();
})();
