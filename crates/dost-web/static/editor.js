// The article editor: a small toolbar over the HTML text area, and a live
// preview. Everything is sanitised again by the server when it is saved.
(function () {
  const area = document.querySelector('textarea.html-editor');
  if (!area) return;
  const bar = document.createElement('div');
  bar.className = 'editor-bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Định dạng nội dung');
  const preview = document.createElement('div');
  preview.className = 'editor-preview article-body';
  preview.setAttribute('aria-live', 'polite');
  const previewTitle = document.createElement('p');
  previewTitle.className = 'help';
  previewTitle.textContent = 'Xem trước:';
  function wrap(before, after) {
    const s = area.selectionStart, e = area.selectionEnd;
    const text = area.value.slice(s, e) || 'nội dung';
    area.setRangeText(before + text + after, s, e, 'select');
    area.focus();
    render();
  }
  const tools = [
    ['Đoạn văn', () => wrap('<p>', '</p>')],
    ['Tiêu đề mục', () => wrap('<h2>', '</h2>')],
    ['Đậm', () => wrap('<strong>', '</strong>')],
    ['Nghiêng', () => wrap('<em>', '</em>')],
    ['Danh sách', () => wrap('<ul>\n<li>', '</li>\n</ul>')],
    ['Liên kết', () => {
      const url = prompt('Địa chỉ liên kết (https://…)');
      if (url) wrap('<a href="' + url.replace(/"/g, '') + '">', '</a>');
    }],
    ['Ảnh có chú thích', () => {
      const src = prompt('Địa chỉ ảnh trong thư viện tệp (/tep/anh/…)');
      if (!src) return;
      const alt = prompt('Mô tả ảnh cho người khiếm thị') || '';
      const cap = prompt('Chú thích hiển thị dưới ảnh') || '';
      const esc = (t) => t.replace(/[<>"&]/g, '');
      wrap('<figure><img src="' + esc(src) + '" alt="' + esc(alt) + '"><figcaption>' + esc(cap) + '</figcaption></figure>', '');
    }],
    ['Bảng', () => wrap('<table>\n<tr><th>Cột 1</th><th>Cột 2</th></tr>\n<tr><td>', '</td><td></td></tr>\n</table>')],
  ];
  for (const [label, fn] of tools) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', fn);
    bar.appendChild(b);
  }
  function render() {
    // The preview shows the author's own text in their own browser.
    preview.innerHTML = area.value;
    preview.querySelectorAll('script, iframe, object, embed').forEach((n) => n.remove());
  }
  area.addEventListener('input', render);
  area.before(bar);
  area.after(preview);
  area.after(previewTitle);
  render();
})();
