/* relufiber core: the library version (also the pkg-config version and the
 * soname's source: librelufiber.so.RELUFIBER_SOVERSION). */
#ifndef RELUFIBER_VERSION_H
#define RELUFIBER_VERSION_H

#define RELUFIBER_VERSION "0.2.0"
#define RELUFIBER_SOVERSION 0

#endif
