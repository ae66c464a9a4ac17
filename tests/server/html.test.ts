import { Html, escapeHtml, html } from '../../bot/server/pages/html';

describe('HTML escaping for resident pages', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"onmouseover="x`, '&quot;onmouseover=&quot;x'],
    [`O'Brien & Sons`, 'O&#39;Brien &amp; Sons'],
    ['&amp;', '&amp;amp;'],
    ['plain · text', 'plain · text'],
  ])('When %j is escaped, then it reads %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });

  it('When strings and numbers are put in a template, then they are escaped, in text and in attributes', () => {
    const name = '<img src=x onerror=alert(1)>';
    const link = 'x" onclick="alert(1)';
    expect(html`<p title="${link}">${name} ${3}</p>`.markup).toBe(
      '<p title="x&quot; onclick=&quot;alert(1)">&lt;img src=x onerror=alert(1)&gt; 3</p>',
    );
  });

  it('When markup made by html is put in a template, then it is kept, and lists of it are joined', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.markup).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${html`<b>bold</b>`}`).toBeInstanceOf(Html);
  });

  it('When a value is undefined or false, then nothing is written', () => {
    expect(html`[${undefined}${false}]`.markup).toBe('[]');
  });
});
