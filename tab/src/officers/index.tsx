import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OfficersApp } from './officers-app';

const root = document.getElementById('root');
if (!root) throw new Error('officers.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <OfficersApp />
  </StrictMode>,
);
