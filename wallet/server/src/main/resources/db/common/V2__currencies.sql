-- ISO 4217 currencies the tables may be played in, with their minor-unit exponent.
INSERT INTO currencies (code, exponent) VALUES
    ('EUR', 2), ('USD', 2), ('GBP', 2), ('CHF', 2), ('CAD', 2), ('AUD', 2), ('NZD', 2),
    ('SEK', 2), ('NOK', 2), ('DKK', 2), ('PLN', 2), ('CZK', 2), ('BRL', 2), ('MXN', 2),
    ('INR', 2), ('ZAR', 2), ('SGD', 2), ('HKD', 2), ('JPY', 0), ('KRW', 0);
