// The article editor: Quill (a maintained rich-text editor, bundled with the
// binary) over the form's HTML field, with a "Mã HTML" mode for tables and
// anything Quill does not draw. Without JavaScript the HTML field is used as
// it is. The server sanitises whatever arrives.
(function () {
  const area = document.querySelector('textarea.html-editor');
  // a read-only view (the article is waiting for review): no editor at all
  if (!area || !window.Quill || area.closest('fieldset[disabled]')) return;
  const Quill = window.Quill;

  // A picture with its description (alt) and visible caption.
  const BlockEmbed = Quill.import('blots/block/embed');
  class Figure extends BlockEmbed {
    static create(value) {
      const node = super.create();
      const img = document.createElement('img');
      img.setAttribute('src', value.src || '');
      img.setAttribute('alt', value.alt || '');
      node.appendChild(img);
      if (value.caption) {
        const cap = document.createElement('figcaption');
        cap.textContent = value.caption;
        node.appendChild(cap);
      }
      node.setAttribute('contenteditable', 'false');
      return node;
    }
    static value(node) {
      const img = node.querySelector('img');
      const cap = node.querySelector('figcaption');
      return { src: img ? img.getAttribute('src') : '', alt: img ? img.getAttribute('alt') : '', caption: cap ? cap.textContent : '' };
    }
  }
  Figure.blotName = 'figure';
  Figure.tagName = 'FIGURE';
  Quill.register(Figure);

  // The picture picker: the library's pictures, searched as the library is,
  // then the description (alt, required) and the caption.
  function pickImage(insert) {
    const dialog = document.createElement('dialog');
    dialog.className = 'image-picker';
    dialog.setAttribute('aria-labelledby', 'ip-title');
    dialog.innerHTML =
      '<h2 id="ip-title">Chèn ảnh từ thư viện</h2>' +
      '<form method="dialog" class="ip-search" role="search"><label for="ip-q">Tìm ảnh theo tên hoặc mô tả</label>' +
      '<input id="ip-q" type="search" maxlength="200" placeholder="ví dụ: hội thảo"> <button type="submit" class="btn-secondary">Tìm</button></form>' +
      '<p class="ip-status" role="status"></p><ul class="ip-grid"></ul>' +
      '<p><a href="/quan-tri/tep" target="_blank" rel="noopener">Tải ảnh mới lên thư viện (mở thẻ mới)</a></p>' +
      '<div class="ip-chosen" hidden><img alt="" class="ip-preview" width="240" height="135">' +
      '<label for="ip-alt">Mô tả ảnh cho người khiếm thị (bắt buộc)</label><input id="ip-alt" maxlength="300">' +
      '<label for="ip-caption">Chú thích hiển thị dưới ảnh</label><input id="ip-caption" maxlength="300"></div>' +
      '<p class="field-error ip-error" hidden></p>' +
      '<div class="ip-actions"><button type="button" class="btn ip-insert" disabled>Chèn ảnh</button> <button type="button" class="btn-secondary ip-cancel">Hủy</button></div>';
    document.body.appendChild(dialog);
    const $ = (sel) => dialog.querySelector(sel);
    let chosen = null;
    const close = () => { dialog.close(); dialog.remove(); };
    const search = async () => {
      $('.ip-status').textContent = 'Đang tìm…';
      try {
        const r = await fetch('/quan-tri/tep/chon-anh?q=' + encodeURIComponent($('#ip-q').value), { credentials: 'same-origin' });
        const items = r.ok ? await r.json() : [];
        $('.ip-grid').replaceChildren(...items.map((it) => {
          const li = document.createElement('li');
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'ip-item';
          b.setAttribute('aria-pressed', 'false');
          const img = document.createElement('img');
          img.src = it.thumb; img.alt = ''; img.width = 160; img.height = 90; img.loading = 'lazy';
          const name = document.createElement('span');
          name.textContent = it.alt || it.name;
          b.append(img, name);
          b.addEventListener('click', () => {
            chosen = it;
            dialog.querySelectorAll('.ip-item').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
            $('.ip-chosen').hidden = false;
            $('.ip-preview').src = it.thumb;
            $('#ip-alt').value = it.alt || '';
            $('.ip-insert').disabled = false;
            $('#ip-alt').focus();
          });
          li.appendChild(b);
          return li;
        }));
        $('.ip-status').textContent = items.length ? 'Có ' + items.length + ' ảnh; bấm vào ảnh để chọn.' : 'Không có ảnh nào phù hợp.';
      } catch (e) {
        $('.ip-status').textContent = 'Không tải được danh sách ảnh; hãy thử lại.';
      }
    };
    $('.ip-search').addEventListener('submit', (e) => { e.preventDefault(); search(); });
    $('.ip-cancel').addEventListener('click', close);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
    $('.ip-insert').addEventListener('click', () => {
      const alt = $('#ip-alt').value.trim();
      if (!chosen) return;
      if (!alt) {
        $('.ip-error').textContent = 'Hãy ghi mô tả ảnh cho người khiếm thị.';
        $('.ip-error').hidden = false;
        $('#ip-alt').focus();
        return;
      }
      insert({ src: chosen.url, alt, caption: $('#ip-caption').value.trim() });
      close();
    });
    dialog.showModal();
    $('#ip-q').focus();
    search();
  }

  const holder = document.createElement('div');
  holder.className = 'rich-editor';
  const box = document.createElement('div');
  holder.appendChild(box);
  area.before(holder);
  area.hidden = true;

  const quill = new Quill(box, {
    theme: 'snow',
    modules: {
      toolbar: {
        container: [[{ header: [2, 3, false] }], ['bold', 'italic', 'underline'], [{ list: 'ordered' }, { list: 'bullet' }], ['blockquote', 'link', 'image'], ['clean']],
        handlers: {
          image() {
            const at = (quill.getSelection(true) || { index: quill.getLength() }).index;
            pickImage((picked) => {
              quill.insertEmbed(at, 'figure', picked, 'user');
              quill.setSelection(at + 1, 0, 'silent');
            });
          },
        },
      },
    },
  });
  quill.root.setAttribute('aria-label', 'Nội dung bài viết');
  quill.root.setAttribute('aria-multiline', 'true');
  quill.root.setAttribute('role', 'textbox');
  // Name the toolbar buttons in Vietnamese for screen readers.
  const names = { bold: 'Đậm', italic: 'Nghiêng', underline: 'Gạch chân', link: 'Liên kết', image: 'Ảnh có chú thích', blockquote: 'Trích dẫn', clean: 'Bỏ định dạng' };
  holder.querySelectorAll('.ql-toolbar button').forEach((b) => {
    const key = [...b.classList].find((c) => c.startsWith('ql-'))?.slice(3);
    const label = key === 'list' ? (b.value === 'ordered' ? 'Danh sách đánh số' : 'Danh sách chấm') : names[key];
    if (label) b.setAttribute('aria-label', label);
  });
  holder.querySelectorAll('.ql-picker-label').forEach((l) => l.setAttribute('aria-label', 'Kiểu đoạn: thường hoặc tiêu đề mục'));

  const load = (html) => {
    quill.setContents([], 'silent');
    quill.clipboard.dangerouslyPasteHTML(0, html || '', 'silent');
  };
  const html = () => quill.getSemanticHTML().replace(/&nbsp;/g, ' ').replace(/<p><\/p>/g, '');
  load(area.value);

  // "Mã HTML": edit the HTML itself (tables, anything unusual), and back.
  let htmlMode = false;
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'btn-secondary editor-toggle';
  toggle.textContent = 'Sửa mã HTML';
  toggle.setAttribute('aria-pressed', 'false');
  toggle.addEventListener('click', () => {
    htmlMode = !htmlMode;
    if (htmlMode) {
      area.value = html();
    } else {
      load(area.value);
    }
    area.hidden = !htmlMode;
    box.parentElement.querySelectorAll('.ql-toolbar, .ql-container').forEach((e) => (e.hidden = htmlMode));
    toggle.textContent = htmlMode ? 'Trở lại soạn thảo trực quan' : 'Sửa mã HTML';
    toggle.setAttribute('aria-pressed', String(htmlMode));
  });
  holder.after(toggle);
  // Tables cannot be drawn by the visual editor: open such articles in HTML mode.
  if (/<table/i.test(area.value)) toggle.click();

  area.form.addEventListener('submit', () => {
    if (!htmlMode) area.value = html();
  });
})();
