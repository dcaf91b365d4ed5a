// Progressive enhancement only: every page works without this script.
// Rating: send the vote without leaving the page, then show the new totals.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('rating-form')) return;
  const button = event.submitter;
  if (!button || !button.value) return;
  event.preventDefault();
  const section = form.closest('.rating');
  const message = section.querySelector('.rating-message');
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'diem=' + encodeURIComponent(button.value),
      credentials: 'same-origin',
    });
    const data = await response.json();
    if (data.ok) {
      section.querySelector('.rating-summary').textContent = data.summary;
      const fg = section.querySelector('.stars-fg');
      if (fg) fg.style.width = (data.average_tenths * 2) + '%';
    }
    message.textContent = data.message;
  } catch (e) {
    form.submit();
  }
});

// The staff menu folds on a phone (it stays open without this script).
for (const menu of document.querySelectorAll('details.staff-menu')) {
  if (window.matchMedia('(max-width: 899px)').matches) menu.open = false;
}
