import express from 'express';
import type { Request } from '@types/express';
express().listen(3000);
