package dev.ordersaga.payment;

import dev.ordersaga.testsupport.ServiceSmokeIT;

class PaymentServiceSmokeIT extends ServiceSmokeIT {
}
