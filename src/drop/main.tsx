import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DropPage } from './DropPage';
import '../theme.css';
import './drop.css';

// The drop page: an entry of its own (drop/index.html) without the AWS SDK, for people who hold no keys.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DropPage fragment={window.location.hash} />
  </StrictMode>,
);
