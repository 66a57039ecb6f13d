/* relufiber: exact, symbolic engine for the parameter symmetries of ReLU
 * networks. Umbrella header. */
#ifndef RELUFIBER_H
#define RELUFIBER_H

#define RELUFIBER_VERSION "0.1.0"

#include "relufiber/err.h"
#include "relufiber/qvec.h"
#include "relufiber/rational.h"
#include "relufiber/text.h"
#include "relufiber/net.h"
#include "relufiber/io.h"
#include "relufiber/system.h"
#include "relufiber/equiv.h"
#include "relufiber/sym.h"
#include "relufiber/shallow.h"
#include "relufiber/fiber.h"
#include "relufiber/decide.h"
#include "relufiber/exhaustive.h"

#endif
