from django import template

from members import masking

register = template.Library()

register.filter("mask_phone", masking.mask_phone)
register.filter("mask_id_number", masking.mask_id_number)
register.filter("mask_birth_date", masking.mask_birth_date)
register.filter("mask_contact", masking.mask_contact)
