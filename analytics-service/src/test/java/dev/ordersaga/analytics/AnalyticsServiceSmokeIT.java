package dev.ordersaga.analytics;

import dev.ordersaga.testsupport.ServiceSmokeIT;

class AnalyticsServiceSmokeIT extends ServiceSmokeIT {
}
