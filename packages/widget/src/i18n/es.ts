// Spanish built-in strings.
import type { Strings } from './strings';

export const es: Strings = {
  survey: 'Encuesta de opinión',
  close: 'Cerrar encuesta',
  back: 'Atrás',
  next: 'Siguiente',
  submit: 'Enviar',
  thanks: '¡Gracias por tu opinión!',
  required: 'Responde a esta pregunta.',
  progress: 'Pregunta {n} de {max}',
  left: 'Quedan {n} caracteres',
  other: 'Otro',
  otherText: 'Especifica',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  cesLow: 'Totalmente en desacuerdo',
  cesHigh: 'Totalmente de acuerdo',
  up: 'Sí, útil',
  down: 'No, no es útil',
  tab: 'Opinión',
  email: 'Correo electrónico',
  phone: 'Teléfono',
  invalid: 'Revisa este dato.',
};
