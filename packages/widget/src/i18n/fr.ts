// French built-in strings.
import type { Strings } from './strings';

export const fr: Strings = {
  survey: 'Enquête de satisfaction',
  close: 'Fermer l’enquête',
  back: 'Retour',
  next: 'Suivant',
  submit: 'Envoyer',
  thanks: 'Merci pour votre avis !',
  required: 'Veuillez répondre à cette question.',
  progress: 'Question {n} sur {max}',
  left: '{n} caractères restants',
  other: 'Autre',
  otherText: 'Veuillez préciser',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  cesLow: 'Pas du tout d’accord',
  cesHigh: 'Tout à fait d’accord',
  up: 'Oui, utile',
  down: 'Non, pas utile',
  tab: 'Votre avis',
  email: 'E-mail',
  phone: 'Téléphone',
  invalid: 'Veuillez vérifier cette saisie.',
};
