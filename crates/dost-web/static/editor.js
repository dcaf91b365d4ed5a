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
            const src = prompt('Địa chỉ ảnh trong thư viện tệp (ví dụ /tep/anh/…)');
            if (!src) return;
            const alt = prompt('Mô tả ảnh cho người khiếm thị') || '';
            const caption = prompt('Chú thích hiển thị dưới ảnh') || '';
            const at = (quill.getSelection(true) || { index: quill.getLength() }).index;
            quill.insertEmbed(at, 'figure', { src, alt, caption }, 'user');
            quill.setSelection(at + 1, 0, 'silent');
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
