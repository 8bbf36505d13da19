// A modal confirmation for actions that move live traffic; resolves true only on "Confirm".
const dialog = () => document.getElementById('confirm-dialog');

export function confirmAction({ title, body, diffLines = [] }) {
  const element = dialog();
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-body').textContent = body;
  const diff = document.getElementById('confirm-diff');
  diff.textContent = diffLines.join('\n');
  diff.hidden = diffLines.length === 0;
  element.returnValue = '';
  element.showModal();
  return new Promise((resolve) => {
    element.addEventListener('close', () => resolve(element.returnValue === 'ok'), { once: true });
  });
}
